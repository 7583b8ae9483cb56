select
  {{ cents_to_dollars('amount') }}