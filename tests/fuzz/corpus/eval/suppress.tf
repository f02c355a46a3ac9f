# krewlint:ignore KR-6-8-RDS-BACKUP-RETENTION reason="staging" until=2030-01-01 by=sato
resource "aws_db_instance" "db" {
  backup_retention_period = 1 // krewlint:ignore 6-8 reason='x'
}
# krewlint:ignore-start KR-6-28-* reason="lb"
# krewlint:ignore-end
# krewlint:ignore-file
# krewlint:ignore-start
