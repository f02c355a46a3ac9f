# krewlint-expect: KR-6-24-DAX-ENCRYPTION
resource "aws_dax_cluster" "cache" {
  cluster_name       = "cache"
  iam_role_arn       = aws_iam_role.dax.arn
  node_type          = "dax.r4.large"
  replication_factor = 3
}

resource "aws_dax_cluster" "off" {
  cluster_name       = "off"
  iam_role_arn       = aws_iam_role.dax.arn
  node_type          = "dax.r4.large"
  replication_factor = 3
  server_side_encryption {
    enabled = false # krewlint-expect: KR-6-24-DAX-ENCRYPTION
  }
}
