resource "aws_elb" "classic" {
  name               = "classic"
  availability_zones = ["ap-northeast-1a"]
  listener {
    instance_port     = 8080
    instance_protocol = "http"
    lb_port           = 80
    lb_protocol       = "http" # krewlint-expect: KR-6-31-CLASSIC-ELB-TLS
  }
  listener {
    instance_port      = 8080
    instance_protocol  = "http"
    lb_port            = 443
    lb_protocol        = "https"
    ssl_certificate_id = aws_acm_certificate.main.arn
  }
}

resource "aws_load_balancer_policy" "old" {
  load_balancer_name = aws_elb.classic.name
  policy_name        = "old"
  policy_type_name   = "SSLNegotiationPolicyType"
  policy_attribute {
    name  = "Reference-Security-Policy"
    value = "ELBSecurityPolicy-2016-08" # krewlint-expect: KR-6-31-CLASSIC-ELB-TLS
  }
}

resource "aws_load_balancer_policy" "custom" {
  load_balancer_name = aws_elb.classic.name
  policy_name        = "custom"
  policy_type_name   = "SSLNegotiationPolicyType"
  policy_attribute {
    name  = "Protocol-TLSv1"
    value = "true" # krewlint-expect: KR-6-31-CLASSIC-ELB-TLS
  }
  policy_attribute {
    name  = "DES-CBC3-SHA"
    value = "true" # krewlint-expect: KR-6-31-CLASSIC-ELB-TLS
  }
  policy_attribute {
    name  = "Protocol-TLSv1.2"
    value = "true"
  }
}
