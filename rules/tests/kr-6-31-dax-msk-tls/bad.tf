# krewlint-expect: KR-6-31-DAX-MSK-TLS
resource "aws_dax_cluster" "cache" {
  cluster_name       = "cache"
  iam_role_arn       = aws_iam_role.dax.arn
  node_type          = "dax.r4.large"
  replication_factor = 3
}

resource "aws_msk_cluster" "events" {
  cluster_name           = "events"
  kafka_version          = "3.6.0"
  number_of_broker_nodes = 3
  encryption_info {
    encryption_in_transit {
      client_broker = "TLS_PLAINTEXT" # krewlint-expect: KR-6-31-DAX-MSK-TLS
    }
  }
}

resource "aws_msk_cluster" "inner" {
  cluster_name           = "inner"
  kafka_version          = "3.6.0"
  number_of_broker_nodes = 3
  encryption_info {
    encryption_in_transit {
      in_cluster = false # krewlint-expect: KR-6-31-DAX-MSK-TLS
    }
  }
}
