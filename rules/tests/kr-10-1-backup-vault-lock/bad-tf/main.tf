# krewlint-expect: KR-10-1-BACKUP-VAULT-LOCK
resource "aws_backup_vault" "main" {
  name = "krewdata"
}
