resource "aws_db_instance" "main" { # krewlint-expect: KR-6-20-RDS-IN-VPC
  identifier        = "krewdata-main"
  engine            = "postgres"
  instance_class    = "db.t4g.medium"
  allocated_storage = 20
}

resource "aws_db_instance" "reports" {
  identifier           = "krewdata-reports"
  engine               = "mysql"
  instance_class       = "db.t4g.small"
  allocated_storage    = 20
  db_subnet_group_name = "default" # krewlint-expect: KR-6-20-RDS-IN-VPC
}

resource "aws_rds_cluster" "aurora" { # krewlint-expect: KR-6-20-RDS-IN-VPC
  cluster_identifier = "krewdata-aurora"
  engine             = "aurora-postgresql"
}

resource "aws_rds_cluster" "legacy" {
  cluster_identifier   = "krewdata-legacy"
  engine               = "aurora-mysql"
  db_subnet_group_name = "default-vpc-0a1b2c3d" # krewlint-expect: KR-6-20-RDS-IN-VPC
}

# a variable: unknown (a note)
resource "aws_db_instance" "batch" {
  identifier           = "krewdata-batch"
  engine               = "postgres"
  instance_class       = "db.t4g.small"
  allocated_storage    = 20
  db_subnet_group_name = var.db_subnet_group # krewlint-expect: KR-6-20-RDS-IN-VPC
}
