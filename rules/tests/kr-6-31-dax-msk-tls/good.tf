resource "aws_dax_cluster" "cache" {
  cluster_name                     = "cache"
  iam_role_arn                     = aws_iam_role.dax.arn
  node_type                        = "dax.r4.large"
  replication_factor               = 3
  cluster_endpoint_encryption_type = "TLS"
}

# the defaults: TLS between clients and brokers and inside the cluster
resource "aws_msk_cluster" "events" {
  cluster_name           = "events"
  kafka_version          = "3.6.0"
  number_of_broker_nodes = 3
}
