resource "aws_s3_bucket" "alb_logs" {
  bucket = "krewdata-alb-logs"
}

resource "aws_s3_bucket_lifecycle_configuration" "alb_logs" {
  bucket = aws_s3_bucket.alb_logs.id
  rule {
    id     = "expire"
    status = "Enabled"
    expiration {
      days = 400
    }
  }
}

# Not a log bucket ("catalog" has "log" inside a word): short expiry is fine.
resource "aws_s3_bucket" "catalog" {
  bucket = "krewdata-catalog-exports"
}

resource "aws_s3_bucket_lifecycle_configuration" "catalog" {
  bucket = aws_s3_bucket.catalog.id
  rule {
    id     = "expire"
    status = "Enabled"
    expiration {
      days = 7
    }
  }
}

# A log bucket without expiration keeps logs forever.
resource "aws_s3_bucket" "cloudfront_logs" {
  bucket = "krewdata-cloudfront-logs"
}
