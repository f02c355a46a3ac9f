resource "aws_db_instance" "main" {
  # krewlint:ignore KR-6-8-RDS-BACKUP-RETENTON reason="the id is misspelled"
  backup_retention_period = 7
  storage_encrypted       = true
  db_subnet_group_name    = "private"
  multi_az                = true
}

# krewlint:ignore 6-8 reason="nothing fails in this block any more"
resource "aws_db_instance" "replica" {
  backup_retention_period = 7
  storage_encrypted       = true
  db_subnet_group_name    = "private"
  multi_az                = true
}
