# krewlint-expect: KR-6-24-CLUSTER-STORAGE-ENCRYPTION
resource "aws_docdb_cluster" "docs" {
  cluster_identifier      = "docs"
  backup_retention_period = 7
}

resource "aws_neptune_cluster" "graph" {
  cluster_identifier = "graph"
  storage_encrypted  = false # krewlint-expect: KR-6-24-CLUSTER-STORAGE-ENCRYPTION
}

# krewlint-expect: KR-6-24-CLUSTER-STORAGE-ENCRYPTION
resource "aws_redshift_cluster" "dwh" {
  cluster_identifier = "dwh"
  node_type          = "ra3.xlplus"
}
