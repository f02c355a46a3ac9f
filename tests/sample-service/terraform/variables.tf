variable "env" {
  description = "Deployment environment (stg, prod)"
  type        = string
  default     = "prod"
}

variable "vpc_cidr" {
  type    = string
  default = "10.20.0.0/16"
}

# 監査ログの保持日数はアカウントごとに tfvars で指定する（静的には分からない）
variable "audit_log_retention_days" {
  type = number
}

variable "db_password" {
  type      = string
  sensitive = true
}
