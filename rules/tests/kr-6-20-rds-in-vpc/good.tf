resource "aws_db_subnet_group" "private" {
  name       = "krewdata-private"
  subnet_ids = [aws_subnet.private_a.id, aws_subnet.private_c.id]
}

resource "aws_db_instance" "main" {
  identifier           = "krewdata-main"
  engine               = "postgres"
  instance_class       = "db.t4g.medium"
  allocated_storage    = 20
  db_subnet_group_name = aws_db_subnet_group.private.name
}

# a read replica in the same region takes the source's subnet group
resource "aws_db_instance" "replica" {
  identifier          = "krewdata-replica"
  instance_class      = "db.t4g.medium"
  replicate_source_db = aws_db_instance.main.identifier
}

resource "aws_rds_cluster" "aurora" {
  cluster_identifier   = "krewdata-aurora"
  engine               = "aurora-postgresql"
  db_subnet_group_name = "krewdata-private"
}
