resource "aws_db_instance" "main" {
  backup_retention_period = 7
}
