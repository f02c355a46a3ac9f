# A registry module that `terraform init` downloaded: krewlint finds it in
# .terraform/modules/modules.json and evaluates it with this call's inputs.
module "db" {
  source                  = "terraform-aws-modules/rds/aws"
  version                 = "6.0.0"
  backup_retention_period = 1
}

# Not in modules.json (added after the last init): one note, no silent skip.
module "vpc" {
  source = "terraform-aws-modules/vpc/aws"
}
