# No .terraform folder: each remote call is one note; the local call is
# evaluated as always.
module "db" {
  source                  = "terraform-aws-modules/rds/aws"
  backup_retention_period = 1
}

module "logs" {
  source = "./logs"
  count  = 2
  days   = 30
}

module "remote_many" {
  source   = "git::https://example.com/x.git?ref=v1"
  for_each = toset(["a", "b"])
}
