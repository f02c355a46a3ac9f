# Between 7 (6-8) and 37 (6-30) days.
resource "aws_backup_plan" "customer" {
  name = "customer-data"

  rule {
    rule_name         = "daily"
    target_vault_name = aws_backup_vault.main.name
    schedule          = "cron(0 18 * * ? *)"
    lifecycle {
      delete_after = 37
    }
  }
}

resource "aws_db_instance" "main" {
  identifier              = "krewdata"
  instance_class          = "db.t4g.medium"
  backup_retention_period = 14
}

resource "aws_rds_cluster" "aurora" {
  cluster_identifier = "krewdata"
}
