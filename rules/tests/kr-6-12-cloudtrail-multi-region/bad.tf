resource "aws_cloudtrail" "main" {
  name                  = "main"
  s3_bucket_name        = aws_s3_bucket.trail.id
  is_multi_region_trail = false # krewlint-expect: KR-6-12-CLOUDTRAIL-MULTI-REGION
}

resource "aws_cloudtrail" "no_global" {
  name                          = "no-global"
  s3_bucket_name                = aws_s3_bucket.trail.id
  is_multi_region_trail         = true
  include_global_service_events = false # krewlint-expect: KR-6-12-CLOUDTRAIL-MULTI-REGION
}
