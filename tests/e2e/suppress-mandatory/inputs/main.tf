# krewlint:ignore-file 6-8,6-24 reason="dev account"
resource "aws_db_instance" "dev" {
  backup_retention_period = 1
  storage_encrypted       = false
  multi_az                = true
}
