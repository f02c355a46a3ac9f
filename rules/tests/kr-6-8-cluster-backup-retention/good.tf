resource "aws_docdb_cluster" "docs" {
  cluster_identifier      = "docs"
  backup_retention_period = 7
}

resource "aws_neptune_cluster" "graph" {
  cluster_identifier      = "graph"
  backup_retention_period = 14
}

resource "aws_redshift_cluster" "dwh" {
  cluster_identifier                  = "dwh"
  node_type                           = "ra3.xlplus"
  automated_snapshot_retention_period = 7
}
