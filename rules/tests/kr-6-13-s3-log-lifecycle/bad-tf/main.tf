resource "aws_s3_bucket" "alb_logs" {
  bucket = "krewdata-alb-logs"
}

resource "aws_s3_bucket_lifecycle_configuration" "alb_logs" {
  bucket = aws_s3_bucket.alb_logs.id
  rule {
    id     = "expire"
    status = "Enabled"
    expiration {
      days = 90 # krewlint-expect: KR-6-13-S3-LOG-LIFECYCLE
    }
  }
}

# Marked as a log bucket by its Purpose tag; the lifecycle names it literally.
resource "aws_s3_bucket" "audit" {
  bucket = "krewdata-audit-archive"
  tags = {
    Purpose = "logs"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "audit" {
  bucket = "krewdata-audit-archive"
  rule {
    id     = "expire"
    status = "Enabled"
    expiration {
      days = 180 # krewlint-expect: KR-6-13-S3-LOG-LIFECYCLE
    }
  }
}

# Provider v3 inline lifecycle rule.
resource "aws_s3_bucket" "trail_log" {
  bucket = "krewdata-trail_log"
  lifecycle_rule {
    enabled = true
    expiration {
      days = 30 # krewlint-expect: KR-6-13-S3-LOG-LIFECYCLE
    }
  }
}
