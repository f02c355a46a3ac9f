variable "discontinuation_notice_days" {
  type    = number
  default = 30 # krewlint-expect: KR-11-4-DISCONTINUATION-NOTICE
}
