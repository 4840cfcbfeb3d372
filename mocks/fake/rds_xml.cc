#include "rds_xml.h"

#include "ec2_service.h"
#include "wire.h"

namespace drh::fake::rds {

namespace {

void write_tags(xml::XmlWriter& w, const Tags& tags) {
  w.start("TagList");
  for (const auto& [k, v] : tags) w.start("Tag").element("Key", k).element("Value", v).end();
  w.end();
}

void write_security_groups(xml::XmlWriter& w, const std::vector<std::string>& groups) {
  w.start("VpcSecurityGroups");
  for (const std::string& g : groups) {
    w.start("VpcSecurityGroupMembership")
        .element("VpcSecurityGroupId", g)
        .element("Status", "active")
        .end();
  }
  w.end();
}

std::string license_model(std::string_view engine) {
  if (engine.starts_with("aurora-postgresql") || engine == "postgres") return "postgresql-license";
  return "general-public-license";
}

std::string option_group(std::string_view engine, std::string_view version) {
  // default:<engine>-<major with dashes>, e.g. default:aurora-mysql-8-0.
  std::string major(version.substr(0, version.find('.', version.find('.') + 1)));
  if (engine.starts_with("aurora-postgresql") || engine == "postgres") {
    major = std::string(version.substr(0, version.find('.')));
  }
  for (char& c : major) {
    if (c == '.') c = '-';
  }
  return "default:" + std::string(engine) + "-" + major;
}

}  // namespace

void write_cluster(xml::XmlWriter& w, const Cluster& c, RdsService& rds, std::string_view name) {
  const RegionState& r = rds.region(c.region);
  const std::string& suffix = rds.endpoint_suffix(c.region);
  const bool available = c.status != "creating";
  w.start(name).element("AllocatedStorage", 1);
  w.start("AvailabilityZones");
  for (const std::string& az : c.availability_zones) w.element("AvailabilityZone", az);
  w.end();
  w.element("BackupRetentionPeriod", c.backup_retention);
  if (!c.database_name.empty()) w.element("DatabaseName", c.database_name);
  w.element("DBClusterIdentifier", c.id)
      .element("DBClusterParameterGroup", c.parameter_group)
      .element("DBSubnetGroup", c.subnet_group)
      .element("Status", c.status);
  if (available) w.element("EarliestRestorableTime", iso_time(c.created));
  // Both endpoints are built in one buffer: this runs for every cluster a Describe lists,
  // and chains of operator+ allocate a string per step.
  std::string endpoint;
  endpoint.reserve(c.id.size() + suffix.size() + c.region.size() + 40);
  endpoint.append(c.id).append(".cluster-").append(suffix).append(".").append(c.region);
  endpoint.append(".rds.amazonaws.com");
  w.element("Endpoint", endpoint);
  endpoint.insert(c.id.size() + 8, "-ro");  // <id>.cluster-ro-<suffix>...
  w.element("ReaderEndpoint", endpoint)
      .element("MultiAZ", c.members.size() > 1)
      .element("Engine", c.engine)
      .element("EngineVersion", c.engine_version);
  if (available) w.element("LatestRestorableTime", iso_time(rds.core().clock.now()));
  w.element("Port", c.port);
  if (!c.master_username.empty()) w.element("MasterUsername", c.master_username);
  w.element("PreferredBackupWindow", c.backup_window)
      .element("PreferredMaintenanceWindow", c.maintenance_window);
  w.start("ReadReplicaIdentifiers").end();
  w.start("DBClusterMembers");
  for (const std::string& id : c.members) {
    auto it = r.instances.find(id);
    if (it == r.instances.end()) continue;
    w.start("DBClusterMember")
        .element("DBInstanceIdentifier", id)
        .element("IsClusterWriter", it->second.writer)
        .element("DBClusterParameterGroupStatus", "in-sync")
        .element("PromotionTier", it->second.promotion_tier)
        .end();
  }
  w.end();
  write_security_groups(w, c.security_groups);
  w.element("HostedZoneId", rds.hosted_zone(c.region))
      .element("StorageEncrypted", c.storage_encrypted);
  if (c.storage_encrypted) w.element("KmsKeyId", c.kms_key_id);
  w.element("DbClusterResourceId", c.resource_id).element("DBClusterArn", c.arn);
  w.start("AssociatedRoles").end();
  w.element("IAMDatabaseAuthenticationEnabled", c.iam_auth)
      .element("ClusterCreateTime", iso_time(c.created))
      .element("EngineMode", c.engine_mode)
      .element("DeletionProtection", c.deletion_protection)
      .element("HttpEndpointEnabled", false)
      .element("CopyTagsToSnapshot", c.copy_tags_to_snapshot)
      .element("CrossAccountClone", false);
  w.start("DomainMemberships").end();
  write_tags(w, c.tags);
  if (!c.global_id.empty()) {
    w.element("GlobalClusterIdentifier", c.global_id);
    const GlobalCluster* g = rds.find_global(c.global_id);
    if (g != nullptr && g->writer_arn != c.arn && c.write_forwarding) {
      w.element("GlobalWriteForwardingStatus", "enabled")
          .element("GlobalWriteForwardingRequested", true);
    }
  }
  if (!c.instance_class.empty()) w.element("DBClusterInstanceClass", c.instance_class);
  w.element("StorageType", c.storage_type).element("NetworkType", "IPV4");
  if (c.min_capacity || c.max_capacity) {
    w.start("ServerlessV2ScalingConfiguration");
    if (c.min_capacity) w.element("MinCapacity", *c.min_capacity);
    if (c.max_capacity) w.element("MaxCapacity", *c.max_capacity);
    if (c.seconds_until_auto_pause) w.element("SecondsUntilAutoPause", *c.seconds_until_auto_pause);
    w.end();
  }
  if (!c.master_secret_arn.empty()) {
    w.start("MasterUserSecret")
        .element("SecretArn", c.master_secret_arn)
        .element("SecretStatus", "active")
        .element("KmsKeyId", "arn:aws:kms:" + c.region + ":" + rds.core().options.account_id +
                                 ":alias/aws/secretsmanager")
        .end();
  }
  w.element("AutoMinorVersionUpgrade", true);
  w.end();
}

void write_instance(xml::XmlWriter& w, const Instance& i, RdsService& rds, std::string_view name) {
  const bool created = i.status != "creating";
  w.start(name)
      .element("DBInstanceIdentifier", i.id)
      .element("DBInstanceClass", i.instance_class)
      .element("Engine", i.engine)
      .element("DBInstanceStatus", i.status);
  if (!i.master_username.empty()) w.element("MasterUsername", i.master_username);
  if (!i.db_name.empty()) w.element("DBName", i.db_name);
  if (created) {
    // AWS gives an instance its endpoint once it has been created.
    w.start("Endpoint")
        .element("Address", i.id + "." + rds.endpoint_suffix(i.region) + "." + i.region +
                                ".rds.amazonaws.com")
        .element("Port", i.port)
        .element("HostedZoneId", rds.hosted_zone(i.region))
        .end();
  }
  w.element("AllocatedStorage", i.allocated_storage);
  if (created) w.element("InstanceCreateTime", iso_time(i.created));
  w.element("PreferredBackupWindow", "03:00-03:30")
      .element("BackupRetentionPeriod", i.backup_retention);
  w.start("DBSecurityGroups").end();
  write_security_groups(w, i.security_groups);
  w.start("DBParameterGroups")
      .start("DBParameterGroup")
      .element("DBParameterGroupName", i.parameter_group)
      .element("ParameterApplyStatus", "in-sync")
      .end()
      .end();
  w.element("AvailabilityZone", i.availability_zone);
  w.start("DBSubnetGroup")
      .element("DBSubnetGroupName", i.subnet_group)
      .element("DBSubnetGroupDescription", i.subnet_group == "default" ? "default" : i.subnet_group);
  if (i.subnet_group == "default") {
    // The default subnet group spans the region's default VPC (see ec2's default VPC).
    w.element("VpcId", ec2::derived_id("vpc", i.region, "default-vpc"));
  }
  w.element("SubnetGroupStatus", "Complete").start("Subnets").end().end();
  w.element("PreferredMaintenanceWindow", "sun:05:00-sun:05:30");
  w.start("PendingModifiedValues").end();
  w.element("MultiAZ", i.multi_az)
      .element("EngineVersion", i.engine_version)
      .element("AutoMinorVersionUpgrade", i.auto_minor_version_upgrade);
  w.start("ReadReplicaDBInstanceIdentifiers").end();
  w.element("LicenseModel", license_model(i.engine));
  w.start("OptionGroupMemberships")
      .start("OptionGroupMembership")
      .element("OptionGroupName", option_group(i.engine, i.engine_version))
      .element("Status", "in-sync")
      .end()
      .end();
  w.element("PubliclyAccessible", i.publicly_accessible)
      .element("StorageType", i.storage_type)
      .element("DbInstancePort", 0);
  if (!i.cluster_id.empty()) w.element("DBClusterIdentifier", i.cluster_id);
  w.element("StorageEncrypted", i.storage_encrypted);
  if (i.storage_encrypted) w.element("KmsKeyId", i.kms_key_id);
  w.element("DbiResourceId", i.resource_id)
      .element("CACertificateIdentifier", "rds-ca-rsa2048-g1");
  w.start("DomainMemberships").end();
  w.element("CopyTagsToSnapshot", false).element("MonitoringInterval", i.monitoring_interval);
  if (!i.cluster_id.empty()) w.element("PromotionTier", i.promotion_tier);
  w.element("DBInstanceArn", i.arn)
      .element("IAMDatabaseAuthenticationEnabled", false)
      .element("PerformanceInsightsEnabled", i.performance_insights)
      .element("DeletionProtection", i.deletion_protection);
  w.start("AssociatedRoles").end();
  write_tags(w, i.tags);
  w.element("CustomerOwnedIpEnabled", false)
      .element("NetworkType", "IPV4")
      .element("BackupTarget", "region");
  w.end();
}

void write_global(xml::XmlWriter& w, const GlobalCluster& g, RdsService& rds,
                  std::string_view name) {
  w.start(name)
      .element("GlobalClusterIdentifier", g.id)
      .element("GlobalClusterResourceId", g.resource_id)
      .element("GlobalClusterArn", g.arn)
      .element("Status", g.status)
      .element("Engine", g.engine)
      .element("EngineVersion", g.engine_version);
  if (!g.database_name.empty()) w.element("DatabaseName", g.database_name);
  w.element("StorageEncrypted", g.storage_encrypted)
      .element("DeletionProtection", g.deletion_protection);
  w.start("GlobalClusterMembers");
  for (const std::string& arn : g.members) {
    const bool writer = arn == g.writer_arn;
    w.start("GlobalClusterMember").element("DBClusterArn", arn);
    w.start("Readers");
    if (writer) {
      for (const std::string& other : g.members) {
        if (other != arn) w.element("member", other);
      }
    }
    w.end();
    w.element("IsWriter", writer);
    if (!writer) {
      const Cluster* c = rds.cluster_by_arn(arn);
      w.element("GlobalWriteForwardingStatus",
                c != nullptr && c->write_forwarding ? "enabled" : "disabled");
      w.element("SynchronizationStatus",
                c != nullptr && c->pending_resync ? "pending-resync" : "connected");
    }
    w.end();
  }
  w.end();
  w.element("Endpoint", g.id + ".global-" + rds.endpoint_suffix("global") +
                            ".global.rds.amazonaws.com");
  if (g.failover) {
    w.start("FailoverState")
        .element("Status", g.failover->status)
        .element("FromDbClusterArn", g.failover->from_arn)
        .element("ToDbClusterArn", g.failover->to_arn)
        .element("IsDataLossAllowed", g.failover->data_loss)
        .end();
  }
  write_tags(w, g.tags);
  w.end();
}

void write_event(xml::XmlWriter& w, const Event& e) {
  w.start("Event")
      .element("SourceIdentifier", e.source_id)
      .element("SourceType", e.source_type)
      .element("Message", e.message);
  w.start("EventCategories");
  for (const std::string& c : e.categories) w.element("EventCategory", c);
  w.end();
  w.element("Date", iso_time(e.date)).element("SourceArn", e.source_arn);
  w.end();
}

}  // namespace drh::fake::rds
