resource "aws_docdb_cluster" "docs" {
  cluster_identifier = "docs"
  storage_encrypted  = true
  kms_key_id         = aws_kms_key.db.arn
}

resource "aws_neptune_cluster" "graph" {
  cluster_identifier = "graph"
  storage_encrypted  = true
}

resource "aws_redshift_cluster" "dwh" {
  cluster_identifier = "dwh"
  node_type          = "ra3.xlplus"
  encrypted          = true
}
