variable "backup_retention_period" { default = 7 }
resource "aws_db_instance" "this" {
  backup_retention_period = var.backup_retention_period
  storage_encrypted       = true
}
