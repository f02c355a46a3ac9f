# count, for_each, dynamic blocks and module calls with count / for_each
variable "replicas" {
  default = 2
}

variable "tenants" {
  type    = map(number)
  default = { alpha = 14, beta = 3 }
}

variable "enabled" {
  default = false
}

variable "ports" {}

locals {
  rules = [
    { port = 443, cidr = "0.0.0.0/0" },
    { port = 22, cidr = "0.0.0.0/0" },
  ]
}

# two instances failing at the same place: one finding naming both
resource "aws_db_instance" "replica" {
  count                   = var.replicas
  identifier              = "replica-${count.index}"
  backup_retention_period = 1
  storage_encrypted       = true
  multi_az                = true
  db_subnet_group_name    = "private"
}

# each.value per instance: only beta fails, at the variable default
resource "aws_db_instance" "tenant" {
  for_each                = var.tenants
  identifier              = "tenant-${each.key}"
  backup_retention_period = each.value
  storage_encrypted       = true
  multi_az                = true
  db_subnet_group_name    = "private"
}

# never created: no findings
resource "aws_db_instance" "off" {
  count                   = var.enabled ? 1 : 0
  backup_retention_period = 0
}

# unknown count: evaluated once, as a possible instance
resource "aws_db_instance" "maybe" {
  count                   = length(var.ports)
  backup_retention_period = 2
  storage_encrypted       = true
  multi_az                = true
  db_subnet_group_name    = "private"
}

resource "aws_security_group" "web" {
  name = "web"
  dynamic "ingress" {
    for_each = local.rules
    iterator = rule
    content {
      from_port   = rule.value.port
      to_port     = rule.value.port
      protocol    = "tcp"
      cidr_blocks = [rule.value.cidr]
    }
  }
}

module "sg" {
  source = "../modules/sg"
  count  = 2
  name   = "sg-${count.index}"
  port   = count.index == 0 ? 443 : 3389
}

module "buckets" {
  source     = "../modules/bucket"
  for_each   = toset(["logs", "data"])
  name       = each.key
  versioning = each.key == "logs"
}
