module "vpc" {
  source = "terraform-aws-modules/vpc/aws"
}

# krewlint:ignore KR-6-8-RDS-BACKUP-RETENTON reason="typo in the rule id" by=ops
resource "aws_cloudwatch_log_group" "app" {
  retention_in_days = 400
  tags = { Owner = "ops", DataClassification = "internal" }
}
