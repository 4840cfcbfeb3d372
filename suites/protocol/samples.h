// Hand-written wire samples shaped like real AWS answers (identifiers invented).
#pragma once

#include <string_view>

namespace drh::test {

// RDS DescribeDBClusters: the two members of an Aurora global database, ~8 KiB.
inline constexpr std::string_view kDescribeDBClusters =
    R"(<DescribeDBClustersResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/">
  <DescribeDBClustersResult>
    <DBClusters>
      <DBCluster>
        <AllocatedStorage>1</AllocatedStorage>
        <AvailabilityZones>
          <AvailabilityZone>us-east-1a</AvailabilityZone>
          <AvailabilityZone>us-east-1b</AvailabilityZone>
          <AvailabilityZone>us-east-1c</AvailabilityZone>
        </AvailabilityZones>
        <BackupRetentionPeriod>7</BackupRetentionPeriod>
        <DatabaseName>orders</DatabaseName>
        <DBClusterIdentifier>orders-primary</DBClusterIdentifier>
        <DBClusterParameterGroup>default.aurora-mysql8.0</DBClusterParameterGroup>
        <DBSubnetGroup>orders-primary-subnets</DBSubnetGroup>
        <Status>available</Status>
        <EarliestRestorableTime>2024-05-01T03:12:45.118Z</EarliestRestorableTime>
        <Endpoint>orders-primary.cluster-c9akciq32.us-east-1.rds.amazonaws.com</Endpoint>
        <ReaderEndpoint>orders-primary.cluster-ro-c9akciq32.us-east-1.rds.amazonaws.com</ReaderEndpoint>
        <CustomEndpoints/>
        <MultiAZ>true</MultiAZ>
        <Engine>aurora-mysql</Engine>
        <EngineVersion>8.0.mysql_aurora.3.05.2</EngineVersion>
        <LatestRestorableTime>2024-05-08T10:31:07.402Z</LatestRestorableTime>
        <Port>3306</Port>
        <MasterUsername>admin</MasterUsername>
        <DBClusterOptionGroupMemberships/>
        <PreferredBackupWindow>03:00-04:00</PreferredBackupWindow>
        <PreferredMaintenanceWindow>sun:05:00-sun:06:00</PreferredMaintenanceWindow>
        <ReadReplicaIdentifiers/>
        <DBClusterMembers>
          <DBClusterMember>
            <DBInstanceIdentifier>orders-primary-1</DBInstanceIdentifier>
            <IsClusterWriter>true</IsClusterWriter>
            <DBClusterParameterGroupStatus>in-sync</DBClusterParameterGroupStatus>
            <PromotionTier>1</PromotionTier>
          </DBClusterMember>
          <DBClusterMember>
            <DBInstanceIdentifier>orders-primary-2</DBInstanceIdentifier>
            <IsClusterWriter>false</IsClusterWriter>
            <DBClusterParameterGroupStatus>in-sync</DBClusterParameterGroupStatus>
            <PromotionTier>1</PromotionTier>
          </DBClusterMember>
        </DBClusterMembers>
        <VpcSecurityGroups>
          <VpcSecurityGroupMembership>
            <VpcSecurityGroupId>sg-0a1b2c3d4e5f60718</VpcSecurityGroupId>
            <Status>active</Status>
          </VpcSecurityGroupMembership>
        </VpcSecurityGroups>
        <HostedZoneId>Z2R2ITUGPM61AM</HostedZoneId>
        <StorageEncrypted>true</StorageEncrypted>
        <KmsKeyId>arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0</KmsKeyId>
        <DbClusterResourceId>cluster-ABCDEFGHIJKLMNOPQRSTUVWXY</DbClusterResourceId>
        <DBClusterArn>arn:aws:rds:us-east-1:123456789012:cluster:orders-primary</DBClusterArn>
        <AssociatedRoles/>
        <IAMDatabaseAuthenticationEnabled>false</IAMDatabaseAuthenticationEnabled>
        <ClusterCreateTime>2024-04-02T09:15:31.882Z</ClusterCreateTime>
        <EnabledCloudwatchLogsExports>
          <member>audit</member>
          <member>error</member>
          <member>slowquery</member>
        </EnabledCloudwatchLogsExports>
        <EngineMode>provisioned</EngineMode>
        <DeletionProtection>true</DeletionProtection>
        <HttpEndpointEnabled>false</HttpEndpointEnabled>
        <ActivityStreamStatus>stopped</ActivityStreamStatus>
        <CopyTagsToSnapshot>true</CopyTagsToSnapshot>
        <CrossAccountClone>false</CrossAccountClone>
        <DomainMemberships/>
        <TagList>
          <Tag><Key>app</Key><Value>orders</Value></Tag>
          <Tag><Key>dr-role</Key><Value>primary</Value></Tag>
        </TagList>
        <GlobalWriteForwardingStatus>disabled</GlobalWriteForwardingStatus>
        <GlobalClusterIdentifier>orders-global</GlobalClusterIdentifier>
        <AutoMinorVersionUpgrade>true</AutoMinorVersionUpgrade>
        <NetworkType>IPV4</NetworkType>
        <StorageType>aurora</StorageType>
        <BacktrackWindow>0</BacktrackWindow>
        <PerformanceInsightsEnabled>true</PerformanceInsightsEnabled>
        <PerformanceInsightsRetentionPeriod>7</PerformanceInsightsRetentionPeriod>
        <ServerlessV2ScalingConfiguration>
          <MinCapacity>0.5</MinCapacity>
          <MaxCapacity>16.0</MaxCapacity>
        </ServerlessV2ScalingConfiguration>
        <IOOptimizedNextAllowedModificationTime>2024-05-02T09:15:31Z</IOOptimizedNextAllowedModificationTime>
        <MonitoringInterval>60</MonitoringInterval>
        <MonitoringRoleArn>arn:aws:iam::123456789012:role/rds-monitoring-role</MonitoringRoleArn>
        <CertificateDetails>
          <CAIdentifier>rds-ca-rsa2048-g1</CAIdentifier>
          <ValidTill>2025-04-02T09:13:00Z</ValidTill>
        </CertificateDetails>
        <EngineLifecycleSupport>open-source-rds-extended-support</EngineLifecycleSupport>
      </DBCluster>
      <DBCluster>
        <AllocatedStorage>1</AllocatedStorage>
        <AvailabilityZones>
          <AvailabilityZone>us-west-2a</AvailabilityZone>
          <AvailabilityZone>us-west-2b</AvailabilityZone>
          <AvailabilityZone>us-west-2c</AvailabilityZone>
        </AvailabilityZones>
        <BackupRetentionPeriod>7</BackupRetentionPeriod>
        <DBClusterIdentifier>orders-secondary</DBClusterIdentifier>
        <DBClusterParameterGroup>default.aurora-mysql8.0</DBClusterParameterGroup>
        <DBSubnetGroup>orders-secondary-subnets</DBSubnetGroup>
        <Status>available</Status>
        <EarliestRestorableTime>2024-05-01T03:14:02.511Z</EarliestRestorableTime>
        <Endpoint>orders-secondary.cluster-d4f8wqx81.us-west-2.rds.amazonaws.com</Endpoint>
        <ReaderEndpoint>orders-secondary.cluster-ro-d4f8wqx81.us-west-2.rds.amazonaws.com</ReaderEndpoint>
        <CustomEndpoints/>
        <MultiAZ>false</MultiAZ>
        <Engine>aurora-mysql</Engine>
        <EngineVersion>8.0.mysql_aurora.3.05.2</EngineVersion>
        <LatestRestorableTime>2024-05-08T10:30:58.019Z</LatestRestorableTime>
        <Port>3306</Port>
        <MasterUsername>admin</MasterUsername>
        <DBClusterOptionGroupMemberships/>
        <PreferredBackupWindow>07:00-08:00</PreferredBackupWindow>
        <PreferredMaintenanceWindow>sat:09:00-sat:10:00</PreferredMaintenanceWindow>
        <ReplicationSourceIdentifier>arn:aws:rds:us-east-1:123456789012:cluster:orders-primary</ReplicationSourceIdentifier>
        <ReadReplicaIdentifiers/>
        <DBClusterMembers>
          <DBClusterMember>
            <DBInstanceIdentifier>orders-secondary-1</DBInstanceIdentifier>
            <IsClusterWriter>false</IsClusterWriter>
            <DBClusterParameterGroupStatus>in-sync</DBClusterParameterGroupStatus>
            <PromotionTier>1</PromotionTier>
          </DBClusterMember>
        </DBClusterMembers>
        <VpcSecurityGroups>
          <VpcSecurityGroupMembership>
            <VpcSecurityGroupId>sg-0f9e8d7c6b5a49382</VpcSecurityGroupId>
            <Status>active</Status>
          </VpcSecurityGroupMembership>
        </VpcSecurityGroups>
        <HostedZoneId>Z1PVIF0B656C1W</HostedZoneId>
        <StorageEncrypted>true</StorageEncrypted>
        <KmsKeyId>arn:aws:kms:us-west-2:123456789012:key/9a8b7c6d-5e4f-3a2b-1c0d-e9f8a7b6c5d4</KmsKeyId>
        <DbClusterResourceId>cluster-ZYXWVUTSRQPONMLKJIHGFEDCB</DbClusterResourceId>
        <DBClusterArn>arn:aws:rds:us-west-2:123456789012:cluster:orders-secondary</DBClusterArn>
        <AssociatedRoles/>
        <IAMDatabaseAuthenticationEnabled>false</IAMDatabaseAuthenticationEnabled>
        <ClusterCreateTime>2024-04-02T09:41:07.304Z</ClusterCreateTime>
        <EnabledCloudwatchLogsExports>
          <member>audit</member>
          <member>error</member>
        </EnabledCloudwatchLogsExports>
        <EngineMode>provisioned</EngineMode>
        <DeletionProtection>true</DeletionProtection>
        <HttpEndpointEnabled>false</HttpEndpointEnabled>
        <ActivityStreamStatus>stopped</ActivityStreamStatus>
        <CopyTagsToSnapshot>true</CopyTagsToSnapshot>
        <CrossAccountClone>false</CrossAccountClone>
        <DomainMemberships/>
        <TagList>
          <Tag><Key>app</Key><Value>orders</Value></Tag>
          <Tag><Key>dr-role</Key><Value>secondary</Value></Tag>
        </TagList>
        <GlobalWriteForwardingStatus>disabled</GlobalWriteForwardingStatus>
        <GlobalClusterIdentifier>orders-global</GlobalClusterIdentifier>
        <AutoMinorVersionUpgrade>true</AutoMinorVersionUpgrade>
        <NetworkType>IPV4</NetworkType>
        <StorageType>aurora</StorageType>
        <BacktrackWindow>0</BacktrackWindow>
        <PerformanceInsightsEnabled>true</PerformanceInsightsEnabled>
        <PerformanceInsightsRetentionPeriod>7</PerformanceInsightsRetentionPeriod>
        <ServerlessV2ScalingConfiguration>
          <MinCapacity>0.5</MinCapacity>
          <MaxCapacity>16.0</MaxCapacity>
        </ServerlessV2ScalingConfiguration>
        <MonitoringInterval>60</MonitoringInterval>
        <MonitoringRoleArn>arn:aws:iam::123456789012:role/rds-monitoring-role</MonitoringRoleArn>
        <CertificateDetails>
          <CAIdentifier>rds-ca-rsa2048-g1</CAIdentifier>
          <ValidTill>2025-04-02T09:39:00Z</ValidTill>
        </CertificateDetails>
        <EngineLifecycleSupport>open-source-rds-extended-support</EngineLifecycleSupport>
      </DBCluster>
    </DBClusters>
  </DescribeDBClustersResult>
  <ResponseMetadata>
    <RequestId>5e1b6a44-8f3c-4d0e-9b2a-7c6d5e4f3a21</RequestId>
  </ResponseMetadata>
</DescribeDBClustersResponse>
)";

// Route 53 ListHostedZones with two zones.
inline constexpr std::string_view kListHostedZones = R"(<?xml version="1.0" encoding="UTF-8"?>
<ListHostedZonesResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><HostedZones><HostedZone><Id>/hostedzone/Z0123456789ABCDEFGHIJ</Id><Name>orders.example.com.</Name><CallerReference>drh-1714550000</CallerReference><Config><Comment>DR zone</Comment><PrivateZone>false</PrivateZone></Config><ResourceRecordSetCount>6</ResourceRecordSetCount></HostedZone><HostedZone><Id>/hostedzone/Z9876543210ZYXWVUTSRQ</Id><Name>internal.example.com.</Name><CallerReference>drh-1714550001</CallerReference><Config><PrivateZone>true</PrivateZone></Config><ResourceRecordSetCount>2</ResourceRecordSetCount></HostedZone></HostedZones><IsTruncated>false</IsTruncated><MaxItems>100</MaxItems></ListHostedZonesResponse>)";

// S3 ListBuckets with a single bucket: the list must still come out as an array.
inline constexpr std::string_view kListBucketsOne = R"(<?xml version="1.0" encoding="UTF-8"?>
<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>bcaf1ffd86f461ca5fb16fd081034f</ID><DisplayName>webfile</DisplayName></Owner><Buckets><Bucket><Name>orders-primary-use1</Name><CreationDate>2024-04-02T09:00:00.000Z</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>)";

}  // namespace drh::test
