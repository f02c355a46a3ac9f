resource "aws_db_instance" "zero" {
  engine                  = "postgres"
  instance_class          = "db.t4g.micro"
  backup_retention_period = 0 # krewlint-expect: KR-6-8-RDS-BACKUP-RETENTION
}

resource "aws_db_instance" "six" {
  engine = "mysql"
  # krewlint-expect: KR-6-8-RDS-BACKUP-RETENTION
  backup_retention_period = 6
}

# krewlint-expect: KR-6-8-RDS-BACKUP-RETENTION
resource "aws_db_instance" "absent" {
  engine = "mysql"
}

resource "aws_rds_cluster" "aurora" {
  engine                  = "aurora-postgresql"
  backup_retention_period = 1 # krewlint-expect: KR-6-8-RDS-BACKUP-RETENTION
}

# krewlint-expect: KR-6-8-RDS-BACKUP-RETENTION
resource "aws_rds_cluster" "absent" {
  engine = "aurora-mysql"
}

resource "aws_db_instance" "from_var" {
  engine                  = "postgres"
  backup_retention_period = var.backup_days # krewlint-expect: KR-6-8-RDS-BACKUP-RETENTION
}
