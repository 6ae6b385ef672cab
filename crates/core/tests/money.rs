use reskontra_core::base::money::{format_amount, parse_amount, parse_decimal, round_to_minor_units, Currency, NumberError};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn check_round(amount: Decimal, minor_units: u32, expected: &str) {
    assert_eq!(round_to_minor_units(amount, minor_units).to_string(), expected, "round({amount}, {minor_units})");
}

#[test]
fn rounding_is_midpoint_away_from_zero_per_currency() {
    check_round(dec!(1.005), 2, "1.01");
    check_round(dec!(1.015), 2, "1.02");
    check_round(dec!(-1.005), 2, "-1.01");
    check_round(dec!(2.004999), 2, "2.00");
    check_round(dec!(0.125), 2, "0.13");
    check_round(dec!(-0.125), 2, "-0.13");
    check_round(dec!(10), 2, "10.00");
    check_round(dec!(0.5), 0, "1");
    check_round(dec!(-0.5), 0, "-1");
    check_round(dec!(1234.4999), 0, "1234");
    check_round(dec!(1.0005), 3, "1.001");
    check_round(dec!(-1.0005), 3, "-1.001");
    check_round(dec!(7.1), 3, "7.100");
}

fn check_parse(text: &str, max: u32, expected: Result<&str, NumberError>) {
    assert_eq!(parse_decimal(text, max).map(|d| d.to_string()), expected.map(str::to_string), "parse({text:?})");
}

#[test]
fn typed_numbers_are_parsed_or_refused_with_a_reason() {
    check_parse("12.50", 2, Ok("12.50"));
    check_parse("12,50", 2, Ok("12.50"));
    check_parse(" 1 234,5 ", 2, Ok("1234.5"));
    check_parse("1,234.50", 2, Ok("1234.50"));
    check_parse("-3", 2, Ok("-3"));
    check_parse(".5", 2, Ok("0.5"));
    check_parse("", 2, Err(NumberError::Empty));
    check_parse("abc", 2, Err(NumberError::Malformed("abc".into())));
    check_parse("1.2.3", 2, Err(NumberError::Malformed("1.2.3".into())));
    check_parse("1e5", 2, Err(NumberError::Malformed("1e5".into())));
    check_parse("-", 2, Err(NumberError::Malformed("-".into())));
    check_parse("1.005", 2, Err(NumberError::TooManyDecimals { max: 2 }));
    check_parse("10.5", 0, Err(NumberError::TooManyDecimals { max: 0 }));
    check_parse("9999999999999999", 2, Err(NumberError::TooLarge));
}

#[test]
fn amounts_take_the_scale_of_their_currency() {
    let nok = Currency::new("NOK", "", 2);
    let jpy = Currency::new("JPY", "", 0);
    let kwd = Currency::new("KWD", "", 3);
    assert_eq!(parse_amount("10", &nok).unwrap().to_string(), "10.00");
    assert_eq!(parse_amount("10", &jpy).unwrap().to_string(), "10");
    assert_eq!(parse_amount("10.1", &kwd).unwrap().to_string(), "10.100");
    assert_eq!(parse_amount("10.1", &jpy), Err(NumberError::TooManyDecimals { max: 0 }));
}

#[test]
fn amounts_are_formatted_with_groups_and_exact_decimals() {
    assert_eq!(format_amount(dec!(-1234567.5), 2), "-1\u{a0}234\u{a0}567.50");
    assert_eq!(format_amount(dec!(999), 2), "999.00");
    assert_eq!(format_amount(dec!(1000), 0), "1\u{a0}000");
    assert_eq!(format_amount(dec!(0.0005), 3), "0.001");
    assert_eq!(format_amount(dec!(-0.001), 2), "0.00");
}
