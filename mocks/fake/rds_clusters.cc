// RDS in the fake: creating and deleting DB clusters and DB instances.
#include <algorithm>
#include <cstdlib>

#include "drh/core/encoding.h"
#include "ec2_service.h"
#include "rds_service.h"
#include "rds_xml.h"
#include "wire.h"

namespace drh::fake::rds {

namespace {

constexpr std::string_view kXmlns = "http://rds.amazonaws.com/doc/2014-10-31/";

bool is_aurora(std::string_view engine) {
  return engine == "aurora-mysql" || engine == "aurora-postgresql";
}

bool is_postgres(std::string_view engine) {
  return engine == "aurora-postgresql" || engine == "postgres";
}

std::string default_version(std::string_view engine) {
  if (engine == "aurora-mysql") return "8.0.mysql_aurora.3.08.0";
  if (engine == "aurora-postgresql") return "16.6";
  if (engine == "mysql") return "8.0.40";
  if (engine == "postgres") return "16.6";
  if (engine == "mariadb") return "10.11.10";
  return {};
}

int default_port(std::string_view engine) { return is_postgres(engine) ? 5432 : 3306; }

/// default.<family>: default.aurora-mysql8.0, default.aurora-postgresql16, default.mysql8.0.
std::string default_parameter_group(std::string_view engine, std::string_view version) {
  std::string family(engine);
  if (is_postgres(engine)) {
    family += version.substr(0, version.find('.'));
  } else {
    family += version.substr(0, version.find('.', version.find('.') + 1));
  }
  return "default." + family;
}

void check_engine(std::string_view engine) {
  if (default_version(engine).empty()) {
    fail(400, "InvalidParameterValue", "Invalid DB engine: " + std::string(engine));
  }
}

std::optional<double> parse_capacity(const Call& call, const std::string& name) {
  auto text = call.param(name);
  if (!text) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(text->c_str(), &end);
  if (text->empty() || end != text->c_str() + text->size() || v < 0 || v > 256 ||
      v * 2 != static_cast<double>(static_cast<long long>(v * 2))) {
    fail(400, "InvalidParameterValue",
         "Invalid value " + *text + " for " + name +
             ": capacity is 0 to 256 ACUs in steps of 0.5");
  }
  return v;
}

void check_password(std::string_view engine, const std::string& password) {
  const std::size_t max = is_postgres(engine) ? 99 : 41;
  if (password.size() < 8) {
    fail(400, "InvalidParameterValue",
         "The parameter MasterUserPassword is not a valid password because it is shorter than "
         "8 characters.");
  }
  if (password.size() > max) {
    fail(400, "InvalidParameterValue",
         "The parameter MasterUserPassword is not a valid password because it is longer than " +
             std::to_string(max) + " characters.");
  }
  for (char c : password) {
    if (c < 0x21 || c > 0x7e || c == '/' || c == '@' || c == '"') {
      // The message never repeats the password.
      fail(400, "InvalidParameterValue",
           "The parameter MasterUserPassword is not a valid password. Only printable ASCII "
           "characters besides '/', '@', '\"', ' ' may be used.");
    }
  }
}

void check_master_username(std::string_view engine, const std::string& name) {
  const std::size_t max = is_postgres(engine) ? 63 : 16;
  bool ok = !name.empty() && name.size() <= max &&
            std::isalpha(static_cast<unsigned char>(name.front()));
  for (char c : name) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
  if (!ok || name == "rdsadmin") {
    fail(400, "InvalidParameterValue",
         "MasterUsername " + name + " cannot be used. It must begin with a letter, contain " +
             "only letters, digits and underscores, be at most " + std::to_string(max) +
             " characters long, and not be a reserved word.");
  }
}

std::string default_kms_key(std::string_view region, std::string_view account) {
  // The account's aws/rds key in the region, as a key ARN with a stable uuid-shaped id.
  const std::string h = sha256_hex("aws/rds/" + std::string(region) + "/" + std::string(account));
  return "arn:aws:kms:" + std::string(region) + ":" + std::string(account) + ":key/" +
         h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20, 12);
}

}  // namespace

// ---------------------------------------------------------------- clusters

HttpResponse RdsService::create_db_cluster(Call& call) {
  const std::string id = valid_identifier("DBClusterIdentifier", call.required("DBClusterIdentifier"));
  const std::string engine = call.required("Engine");
  check_engine(engine);
  if (!is_aurora(engine)) {
    fail(400, "InvalidParameterValue",
         "drharness's fake models Aurora DB clusters (aurora-mysql, aurora-postgresql); " +
             engine + " Multi-AZ DB clusters are not modelled");
  }
  RegionState& r = region(call.region);
  if (r.clusters.contains(id)) fail(400, "DBClusterAlreadyExistsFault", "DB Cluster already exists");
  if (call.param("ReplicationSourceIdentifier")) {
    fail(400, "InvalidParameterCombination",
         "drharness's fake does not model cross-region read replica clusters "
         "(ReplicationSourceIdentifier); use a global cluster");
  }
  const std::string& account = core_.options.account_id;
  const auto username = call.param("MasterUsername");
  const auto password = call.param("MasterUserPassword");
  const bool managed = call.boolean("ManageMasterUserPassword").value_or(false);

  Cluster c;
  c.id = id;
  c.region = call.region;
  c.arn = "arn:aws:rds:" + call.region + ":" + account + ":cluster:" + id;
  c.engine = engine;
  c.engine_version = call.param("EngineVersion").value_or("");
  c.engine_mode = call.param("EngineMode").value_or("provisioned");
  c.database_name = call.param("DatabaseName").value_or("");

  GlobalCluster* global = nullptr;
  bool secondary = false;
  if (auto gid = call.param("GlobalClusterIdentifier")) {
    global = &global_or_throw(*gid);
    if (global->status == "deleting") {
      fail(400, "InvalidGlobalClusterStateFault",
           "Global cluster " + global->id + " is being deleted");
    }
    if (global->engine != engine) {
      fail(400, "InvalidParameterCombination",
           "The engine " + engine + " does not match the engine " + global->engine +
               " of global cluster " + global->id);
    }
    for (const std::string& arn : global->members) {
      if (arn.starts_with("arn:aws:rds:" + call.region + ":")) {
        fail(400, "InvalidGlobalClusterStateFault",
             "Global cluster " + global->id + " already has a member in " + call.region);
      }
    }
    secondary = !global->members.empty();
    c.global_id = global->id;
    if (c.engine_version.empty()) c.engine_version = global->engine_version;
    if (c.database_name.empty()) c.database_name = global->database_name;
  }
  if (c.engine_version.empty()) c.engine_version = default_version(engine);

  if (secondary) {
    // A secondary replicates the primary's data, users included: no credentials of its own.
    if (username || password || managed) {
      fail(400, "InvalidParameterCombination",
           "Cannot specify user name for cross region replication cluster");
    }
  } else {
    if (!username || username->empty()) {
      fail(400, "InvalidParameterValue",
           "The parameter MasterUsername must be provided and must not be blank.");
    }
    check_master_username(engine, *username);
    if (managed && password) {
      fail(400, "InvalidParameterCombination",
           "You can't specify MasterUserPassword and ManageMasterUserPassword together.");
    }
    if (!managed) {
      if (!password || password->empty()) {
        fail(400, "InvalidParameterValue",
             "The parameter MasterUserPassword must be provided and must not be blank.");
      }
      check_password(engine, *password);  // checked, never stored
    }
    c.master_username = *username;
  }
  if (managed) {
    c.master_secret_arn = "arn:aws:secretsmanager:" + call.region + ":" + account +
                          ":secret:rds!cluster-" + core_.ids.uuid() + "-" +
                          to_lower(core_.ids.upper("", 6));
  }

  if (auto b = call.integer("BackupRetentionPeriod")) {
    if (*b < 1 || *b > 35) {
      fail(400, "InvalidParameterValue",
           "Invalid backup retention period: " + std::to_string(*b) +
               ". It must be between 1 and 35.");
    }
    c.backup_retention = static_cast<int>(*b);
  }
  c.port = static_cast<int>(call.integer("Port").value_or(default_port(engine)));
  c.backup_window = call.param("PreferredBackupWindow").value_or("03:00-03:30");
  c.maintenance_window = call.param("PreferredMaintenanceWindow").value_or("sun:05:00-sun:05:30");

  const auto encrypted = call.boolean("StorageEncrypted");
  const auto kms = call.param("KmsKeyId");
  if (encrypted == false && kms) {
    fail(400, "InvalidParameterCombination",
         "KmsKeyId is only valid with StorageEncrypted set to true");
  }
  c.storage_encrypted = encrypted.value_or(kms.has_value() ||
                                           (global != nullptr && global->storage_encrypted));
  if (c.storage_encrypted) c.kms_key_id = kms.value_or(default_kms_key(call.region, account));

  c.deletion_protection = call.boolean("DeletionProtection").value_or(false);
  c.iam_auth = call.boolean("EnableIAMDatabaseAuthentication").value_or(false);
  c.copy_tags_to_snapshot = call.boolean("CopyTagsToSnapshot").value_or(false);
  c.write_forwarding = call.boolean("EnableGlobalWriteForwarding").value_or(false);
  c.subnet_group = call.param("DBSubnetGroupName").value_or("default");
  c.parameter_group = call.param("DBClusterParameterGroupName")
                          .value_or(default_parameter_group(engine, c.engine_version));
  c.instance_class = call.param("DBClusterInstanceClass").value_or("");
  if (auto st = call.param("StorageType")) c.storage_type = *st;
  c.security_groups = call.list("VpcSecurityGroupIds", "VpcSecurityGroupId");
  if (c.security_groups.empty()) {
    c.security_groups.push_back(ec2::derived_id("sg", call.region, "default-vpc"));
  }
  c.availability_zones = call.list("AvailabilityZones", "AvailabilityZone");
  if (c.availability_zones.empty()) c.availability_zones = ec2::zones_of(call.region);
  c.min_capacity = parse_capacity(call, "ServerlessV2ScalingConfiguration.MinCapacity");
  c.max_capacity = parse_capacity(call, "ServerlessV2ScalingConfiguration.MaxCapacity");
  if (c.min_capacity.has_value() != c.max_capacity.has_value() ||
      (c.min_capacity && *c.min_capacity > *c.max_capacity)) {
    fail(400, "InvalidParameterCombination",
         "ServerlessV2ScalingConfiguration needs MinCapacity and MaxCapacity, with "
         "MinCapacity <= MaxCapacity");
  }
  if (auto p = call.integer("ServerlessV2ScalingConfiguration.SecondsUntilAutoPause")) {
    c.seconds_until_auto_pause = static_cast<int>(*p);
  }
  c.tags = parse_tags(call);
  c.resource_id = "cluster-" + core_.ids.upper("", 26);
  c.status = "creating";
  c.created = core_.clock.now();
  c.due = c.created + kClusterCreateDelay;

  if (global != nullptr) {
    global->members.push_back(c.arn);
    if (!secondary) {
      global->writer_arn = c.arn;
      if (global->database_name.empty()) global->database_name = c.database_name;
    }
  }
  const TimePoint due = *c.due;
  const Cluster& stored = r.clusters.emplace(id, std::move(c)).first->second;
  schedule_cluster(call.region, id, due);
  return query_response(call, kXmlns, [&](xml::XmlWriter& w) { write_cluster(w, stored, *this); });
}

HttpResponse RdsService::delete_db_cluster(Call& call) {
  Cluster& c = cluster_or_throw(call.region, call.required("DBClusterIdentifier"));
  // Parameters first, then the cluster's state.
  const bool skip = call.boolean("SkipFinalSnapshot").value_or(false);
  const auto final_snapshot = call.param("FinalDBSnapshotIdentifier");
  if (!skip && !final_snapshot) {
    fail(400, "InvalidParameterCombination",
         "FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified.");
  }
  if (skip && final_snapshot) {
    fail(400, "InvalidParameterCombination",
         "FinalDBSnapshotIdentifier can not be specified when deleting a cluster with "
         "SkipFinalSnapshot set to true.");
  }
  if (final_snapshot) valid_identifier("FinalDBSnapshotIdentifier", *final_snapshot);
  if (c.status == "deleting") {
    fail(400, "InvalidDBClusterStateFault", "DB cluster " + c.id + " is already being deleted.");
  }
  if (c.deletion_protection) {
    fail(400, "InvalidParameterCombination",
         "Cannot delete protected Cluster, please disable deletion protection and try again.");
  }
  RegionState& r = region(call.region);
  GlobalCluster* global = nullptr;
  if (!c.global_id.empty()) {
    global = &global_or_throw(c.global_id);
    if (global->writer_arn == c.arn && global->members.size() > 1) {
      fail(400, "InvalidGlobalClusterStateFault",
           "Unable to delete cluster that is a primary member of global cluster while there "
           "are other global cluster members");
    }
    if (global->writer_arn != c.arn) {
      fail(400, "InvalidDBClusterStateFault",
           "This cluster is a part of a global cluster, please remove it from globalcluster "
           "first");
    }
  }
  for (const std::string& id : c.members) {
    auto it = r.instances.find(id);
    if (it != r.instances.end() && it->second.status != "deleting") {
      fail(400, "InvalidDBClusterStateFault",
           "Cluster cannot be deleted, it still contains DB instances in non-deleting state.");
    }
  }
  if (global != nullptr) {
    // The sole (primary) member leaves its global cluster as it goes.
    std::erase(global->members, c.arn);
    global->writer_arn.clear();
    c.global_id.clear();
  }
  c.status = "deleting";
  c.due = core_.clock.now() + kClusterDeleteDelay;
  schedule_cluster(call.region, c.id, *c.due);
  return query_response(call, kXmlns, [&](xml::XmlWriter& w) { write_cluster(w, c, *this); });
}

// ---------------------------------------------------------------- instances

HttpResponse RdsService::create_db_instance(Call& call) {
  const std::string id =
      valid_identifier("DBInstanceIdentifier", call.required("DBInstanceIdentifier"));
  const std::string instance_class = call.required("DBInstanceClass");
  const std::string engine = call.required("Engine");
  if (!instance_class.starts_with("db.")) {
    fail(400, "InvalidParameterValue", "Invalid DB Instance class: " + instance_class);
  }
  check_engine(engine);
  RegionState& r = region(call.region);
  if (r.instances.contains(id)) fail(400, "DBInstanceAlreadyExists", "DB instance already exists");
  const std::string& account = core_.options.account_id;

  Instance i;
  i.id = id;
  i.region = call.region;
  i.arn = "arn:aws:rds:" + call.region + ":" + account + ":db:" + id;
  i.instance_class = instance_class;
  i.engine = engine;
  i.publicly_accessible = call.boolean("PubliclyAccessible").value_or(false);
  i.deletion_protection = call.boolean("DeletionProtection").value_or(false);
  i.auto_minor_version_upgrade = call.boolean("AutoMinorVersionUpgrade").value_or(true);
  i.monitoring_interval = static_cast<int>(call.integer("MonitoringInterval").value_or(0));
  i.performance_insights = call.boolean("EnablePerformanceInsights").value_or(false);
  i.tags = parse_tags(call);

  Cluster* cluster = nullptr;
  if (auto cid = call.param("DBClusterIdentifier")) {
    cluster = &cluster_or_throw(call.region, *cid);
    if (cluster->status == "deleting") {
      fail(400, "InvalidDBClusterStateFault",
           "DB cluster " + cluster->id + " is being deleted");
    }
    if (cluster->engine != engine) {
      fail(400, "InvalidParameterCombination",
           "The engine name requested for your DB instance (" + engine + ") doesn't match the " +
               "engine name of your DB cluster (" + cluster->engine + ").");
    }
    if (call.param("MasterUsername") || call.param("MasterUserPassword")) {
      fail(400, "InvalidParameterCombination",
           "The requested DB Instance will be a member of a DB Cluster. Set master user name "
           "for the DB Cluster.");
    }
    if (auto v = call.param("EngineVersion"); v && *v != cluster->engine_version) {
      fail(400, "InvalidParameterCombination",
           "The engine version of a cluster member must be the cluster's (" +
               cluster->engine_version + ")");
    }
    if (instance_class == "db.serverless" && !cluster->max_capacity) {
      fail(400, "InvalidDBClusterStateFault",
           "Set the Serverless v2 scaling configuration on the parent DB cluster before "
           "creating a Serverless v2 DB instance.");
    }
    if (auto t = call.integer("PromotionTier")) {
      if (*t < 0 || *t > 15) {
        fail(400, "InvalidParameterValue", "PromotionTier must be between 0 and 15");
      }
      i.promotion_tier = static_cast<int>(*t);
    }
    i.cluster_id = cluster->id;
    i.engine_version = cluster->engine_version;
    i.master_username = cluster->master_username;
    i.db_name = cluster->database_name;
    i.port = cluster->port;
    i.storage_encrypted = cluster->storage_encrypted;
    i.kms_key_id = cluster->kms_key_id;
    i.backup_retention = cluster->backup_retention;
    i.subnet_group = cluster->subnet_group;
    i.security_groups = cluster->security_groups;
    i.storage_type = cluster->storage_type;
    const auto& zones = cluster->availability_zones;
    i.availability_zone = call.param("AvailabilityZone")
                              .value_or(zones.empty() ? call.region + "a"
                                                      : zones[cluster->members.size() % zones.size()]);
  } else {
    if (is_aurora(engine)) {
      fail(400, "InvalidParameterCombination",
           "DBClusterIdentifier is required for an " + engine + " DB instance");
    }
    const auto username = call.param("MasterUsername");
    const auto password = call.param("MasterUserPassword");
    const bool managed = call.boolean("ManageMasterUserPassword").value_or(false);
    if (!username || username->empty()) {
      fail(400, "InvalidParameterValue",
           "The parameter MasterUsername must be provided and must not be blank.");
    }
    check_master_username(engine, *username);
    if (!managed) {
      if (!password || password->empty()) {
        fail(400, "InvalidParameterValue",
             "The parameter MasterUserPassword must be provided and must not be blank.");
      }
      check_password(engine, *password);
    }
    const auto storage = call.integer("AllocatedStorage");
    if (!storage || *storage < 20 || *storage > 65536) {
      fail(400, "InvalidParameterValue",
           "Invalid storage size for engine name " + engine + ": AllocatedStorage must be " +
               "20 to 65536 GiB");
    }
    i.allocated_storage = static_cast<int>(*storage);
    i.engine_version = call.param("EngineVersion").value_or(default_version(engine));
    i.master_username = *username;
    i.db_name = call.param("DBName").value_or("");
    i.port = static_cast<int>(call.integer("Port").value_or(default_port(engine)));
    i.multi_az = call.boolean("MultiAZ").value_or(false);
    const auto kms = call.param("KmsKeyId");
    i.storage_encrypted = call.boolean("StorageEncrypted").value_or(kms.has_value());
    if (i.storage_encrypted) i.kms_key_id = kms.value_or(default_kms_key(call.region, account));
    i.backup_retention = static_cast<int>(call.integer("BackupRetentionPeriod").value_or(1));
    i.subnet_group = call.param("DBSubnetGroupName").value_or("default");
    i.security_groups = call.list("VpcSecurityGroupIds", "VpcSecurityGroupId");
    if (i.security_groups.empty()) {
      i.security_groups.push_back(ec2::derived_id("sg", call.region, "default-vpc"));
    }
    i.storage_type = call.param("StorageType").value_or("gp2");
    i.availability_zone = call.param("AvailabilityZone").value_or(call.region + "a");
  }
  i.parameter_group = call.param("DBParameterGroupName")
                          .value_or(default_parameter_group(engine, i.engine_version));
  i.resource_id = "db-" + core_.ids.upper("", 26);
  i.status = "creating";
  i.created = core_.clock.now();
  i.due = i.created + kInstanceCreateDelay;
  const TimePoint due = *i.due;
  Instance& stored = r.instances.emplace(id, std::move(i)).first->second;
  if (cluster != nullptr) {
    cluster->members.push_back(id);
    recompute_writer(*cluster);  // the first instance of a primary cluster is its writer
  }
  schedule_instance(call.region, id, due);
  return query_response(call, kXmlns,
                        [&](xml::XmlWriter& w) { write_instance(w, stored, *this); });
}

HttpResponse RdsService::delete_db_instance(Call& call) {
  Instance& i = instance_or_throw(call.region, call.required("DBInstanceIdentifier"));
  if (i.status == "deleting") {
    fail(400, "InvalidDBInstanceState", "Instance " + i.id + " is already being deleted.");
  }
  if (i.deletion_protection) {
    fail(400, "InvalidParameterCombination",
         "Cannot delete protected DB Instance, please disable deletion protection and try "
         "again.");
  }
  RegionState& r = region(call.region);
  if (!i.cluster_id.empty()) {
    auto c = r.clusters.find(i.cluster_id);
    if (c != r.clusters.end() && !c->second.global_id.empty()) {
      const GlobalCluster* g = find_global(c->second.global_id);
      int live = 0;
      for (const std::string& m : c->second.members) {
        auto it = r.instances.find(m);
        if (it != r.instances.end() && it->second.status != "deleting") ++live;
      }
      if (g != nullptr && g->writer_arn == c->second.arn && g->members.size() > 1 && live <= 1) {
        fail(400, "InvalidDBClusterStateFault",
             "Cannot delete the last instance of the master cluster. Delete the replica cluster "
             "before deleting the last master cluster instance.");
      }
    }
  } else {
    const bool skip = call.boolean("SkipFinalSnapshot").value_or(false);
    const auto final_snapshot = call.param("FinalDBSnapshotIdentifier");
    if (!skip && !final_snapshot) {
      fail(400, "InvalidParameterCombination",
           "FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified.");
    }
    if (final_snapshot) valid_identifier("FinalDBSnapshotIdentifier", *final_snapshot);
  }
  i.status = "deleting";
  i.due = core_.clock.now() + kInstanceDeleteDelay;
  schedule_instance(call.region, i.id, *i.due);
  return query_response(call, kXmlns, [&](xml::XmlWriter& w) { write_instance(w, i, *this); });
}

}  // namespace drh::fake::rds
