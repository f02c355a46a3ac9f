# A repository adopting krewlint: every way of setting a finding apart.
provider "aws" {
  region = "ap-northeast-1"
}

# Passes 4-1 only because .krewlint.yml names the owner tag "Team".
resource "aws_db_instance" "orders" {
  backup_retention_period = 7
  storage_encrypted       = true
  multi_az                = true
  db_subnet_group_name    = "private"
  tags = {
    Team           = "payments"
    Classification = "internal"
  }
}

# An inline suppression with a reason and an approver.
resource "aws_db_instance" "staging" {
  # krewlint:ignore KR-6-8-RDS-BACKUP-RETENTION reason="staging, rebuilt nightly from prod snapshots" by=sato
  backup_retention_period = 1
  storage_encrypted       = true
  multi_az                = true
  db_subnet_group_name    = "private"
  tags = {
    Team           = "payments"
    Classification = "internal"
  }
}

# Accepted in the baseline (.krewlint-baseline.json).
resource "aws_db_instance" "legacy" {
  backup_retention_period = 2
  storage_encrypted       = true
  multi_az                = true
  db_subnet_group_name    = "private"
  tags = {
    Team           = "payments"
    Classification = "internal"
  }
}

# A new finding: reported by every subcommand.
resource "aws_db_instance" "reports" {
  backup_retention_period = 3
  storage_encrypted       = true
  multi_az                = true
  tags = {
    Team           = "analytics"
    Classification = "internal"
  }
}
