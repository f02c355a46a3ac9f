resource "aws_backup_plan" "customer" {
  name = "customer-data"

  rule {
    rule_name         = "daily"
    target_vault_name = aws_backup_vault.main.name
    schedule          = "cron(0 18 * * ? *)"
    lifecycle {
      delete_after = 35
    }
  }

  rule {
    rule_name         = "monthly"
    target_vault_name = aws_backup_vault.main.name
    schedule          = "cron(0 18 1 * ? *)"
    lifecycle {
      delete_after = 365 # krewlint-expect: KR-6-30-BACKUP-RETENTION-MAX
    }
  }

  # No lifecycle: recovery points are kept forever.
  rule { # krewlint-expect: KR-6-30-BACKUP-RETENTION-MAX
    rule_name         = "weekly"
    target_vault_name = aws_backup_vault.main.name
    schedule          = "cron(0 18 ? * 1 *)"
  }
}

resource "aws_db_instance" "main" {
  identifier              = "krewdata"
  instance_class          = "db.t4g.medium"
  backup_retention_period = 40 # krewlint-expect: KR-6-30-BACKUP-RETENTION-MAX
}
