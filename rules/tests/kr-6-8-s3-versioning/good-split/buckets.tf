resource "aws_s3_bucket" "uploads" {
  bucket = "krewdata-uploads"
}

resource "aws_s3_bucket" "reports" {
  bucket = "krewdata-reports"
}
