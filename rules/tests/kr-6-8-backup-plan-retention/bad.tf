resource "aws_backup_plan" "daily" {
  name = "daily"

  rule {
    rule_name         = "daily"
    target_vault_name = aws_backup_vault.main.name
    schedule          = "cron(0 18 * * ? *)"
    lifecycle {
      delete_after = 3 # krewlint-expect: KR-6-8-BACKUP-PLAN-RETENTION
    }
  }

  rule {
    rule_name         = "monthly"
    target_vault_name = aws_backup_vault.main.name
    schedule          = "cron(0 18 1 * ? *)"
    lifecycle {
      delete_after = 365
    }
  }
}
