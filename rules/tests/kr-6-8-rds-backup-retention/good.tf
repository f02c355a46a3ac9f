resource "aws_db_instance" "seven" {
  engine                  = "postgres"
  backup_retention_period = 7
}

resource "aws_db_instance" "max" {
  engine                  = "mysql"
  backup_retention_period = 35
}

resource "aws_rds_cluster" "aurora" {
  engine                  = "aurora-postgresql"
  backup_retention_period = 14
}

# other resource types are not this rule's business
resource "aws_db_subnet_group" "db" {
  name = "db"
}
