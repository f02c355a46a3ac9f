# tfsec/Trivy style: the comment above the block covers the whole block
# krewlint:ignore KR-6-8-RDS-BACKUP-RETENTION reason="scratch database, rebuilt nightly"
resource "aws_db_instance" "scratch" {
  backup_retention_period = 1
  storage_encrypted       = true
  db_subnet_group_name    = "private"
}

resource "aws_db_instance" "reports" {
  # Checkov style: at the top inside the block
  # krewlint:ignore 6-8 reason="read-only copy of the warehouse" by=sato
  storage_encrypted       = true
  db_subnet_group_name    = "private"
  backup_retention_period = 2
}

resource "aws_db_instance" "orders" {
  storage_encrypted       = true
  db_subnet_group_name    = "private"
  backup_retention_period = 3
}
