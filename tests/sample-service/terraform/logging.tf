resource "aws_kms_key" "logs" {
  description         = "CloudTrail and log encryption"
  enable_key_rotation = true
}

resource "aws_cloudwatch_log_group" "api" {
  name              = "/krewdata/api"
  retention_in_days = 400
  kms_key_id        = aws_kms_key.logs.arn
}

# ワーカーのデバッグログ。14 日で消える — 6-13（12 か月以上）違反。
resource "aws_cloudwatch_log_group" "worker" {
  name              = "/krewdata/worker"
  retention_in_days = 14
}

# 監査ログ：保持日数は環境ごとの tfvars（不明として報告される）
resource "aws_cloudwatch_log_group" "audit" {
  name              = "/krewdata/audit"
  retention_in_days = var.audit_log_retention_days
}

# アクセスログ：無期限保持
resource "aws_cloudwatch_log_group" "access" {
  name = "/krewdata/access"
}

resource "aws_cloudtrail" "main" {
  name                          = "krewdata-trail"
  s3_bucket_name                = "krewdata-cloudtrail-logs"
  include_global_service_events = true
  is_multi_region_trail         = true
  enable_log_file_validation    = true
  kms_key_id                    = aws_kms_key.logs.arn
}
