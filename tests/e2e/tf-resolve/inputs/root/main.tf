provider "aws" {
  region = local.region
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/app/${local.name}"
  retention_in_days = var.log_days
  kms_key_id        = var.kms_key
}

resource "aws_cloudwatch_log_group" "audit" {
  name              = "/audit/${local.name}"
  retention_in_days = local.loop_a
}

resource "aws_default_vpc" "default" {
  count = var.manage_default_vpc ? 1 : 0
}

module "db" {
  source      = "../modules/db"
  backup_days = var.backup_days
}
