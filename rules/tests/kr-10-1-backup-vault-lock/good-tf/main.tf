resource "aws_backup_vault" "main" {
  name = "krewdata"
}

resource "aws_backup_vault_lock_configuration" "main" {
  backup_vault_name  = aws_backup_vault.main.name
  min_retention_days = 7
}
