# krewlint-expect: KR-6-8-CLUSTER-BACKUP-RETENTION
resource "aws_docdb_cluster" "default_retention" {
  cluster_identifier = "docs"
  storage_encrypted  = true
}

resource "aws_neptune_cluster" "graph" {
  cluster_identifier      = "graph"
  backup_retention_period = 3 # krewlint-expect: KR-6-8-CLUSTER-BACKUP-RETENTION
}

resource "aws_redshift_cluster" "dwh" {
  cluster_identifier                  = "dwh"
  node_type                           = "ra3.xlplus"
  automated_snapshot_retention_period = 0 # krewlint-expect: KR-6-8-CLUSTER-BACKUP-RETENTION
}

# krewlint-expect: KR-6-8-CLUSTER-BACKUP-RETENTION
resource "aws_redshift_cluster" "default_retention" {
  cluster_identifier = "dwh2"
  node_type          = "ra3.xlplus"
}
