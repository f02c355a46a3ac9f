resource "aws_db_instance" "db" {
  # krewlint:ignore KR-6-8-RDS-BACKUP-RETENTION reason="staging"
  backup_retention_period = 1
}
