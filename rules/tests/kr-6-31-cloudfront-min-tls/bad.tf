resource "aws_cloudfront_distribution" "default_cert" {
  enabled = true
  origin {
    domain_name = aws_lb.api.dns_name
    origin_id   = "api"
  }
  default_cache_behavior {
    target_origin_id       = "api"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }
  viewer_certificate {
    cloudfront_default_certificate = true # krewlint-expect: KR-6-31-CLOUDFRONT-MIN-TLS
  }
  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }
}

resource "aws_cloudfront_distribution" "old_tls" {
  enabled = true
  origin {
    domain_name = aws_lb.api.dns_name
    origin_id   = "api"
  }
  default_cache_behavior {
    target_origin_id       = "api"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }
  viewer_certificate {
    acm_certificate_arn      = aws_acm_certificate.cdn.arn
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.1_2016" # krewlint-expect: KR-6-31-CLOUDFRONT-MIN-TLS
  }
  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }
}
