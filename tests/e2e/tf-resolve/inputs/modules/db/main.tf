variable "backup_days" {
  type    = number
  default = 1
}

resource "aws_db_instance" "main" {
  backup_retention_period = var.backup_days
  storage_encrypted       = true
  multi_az                = true
  db_subnet_group_name    = "private"
}
