resource "aws_db_instance" "staging" {
  # krewlint:ignore KR-6-8-RDS-BACKUP-RETENTION reason="staging, rebuilt nightly from prod snapshots" by=sato
  backup_retention_period = 1
  storage_encrypted       = true # krewlint:ignore 6-24 reason="nothing to suppress here"
  multi_az                = true
}

# krewlint:ignore-start 6-8,6-24 reason="scratch database for load tests" until=2025-03-31
resource "aws_db_instance" "scratch" {
  backup_retention_period = 0
  storage_encrypted       = false
  multi_az                = true
}
# krewlint:ignore-end

resource "aws_db_instance" "legacy" {
  backup_retention_period = 2 // krewlint:ignore 6-8 reason="migration" until=2025-02-28
  storage_encrypted       = true /* krewlint:ignore 6-8 */
  description             = "krewlint:ignore 6-8 reason=\"a string, not a comment\""
  multi_az                = true
}
