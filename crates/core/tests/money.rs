use reskontra_core::base::money::{format_amount, round_to_minor_units, Currency, NumberError};
use reskontra_core::NumberFormat::{self, English, Nordic};
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

fn check_parse(numbers: NumberFormat, text: &str, max: u32, expected: Result<&str, NumberError>) {
    assert_eq!(numbers.parse(text, max).map(|d| d.to_string()), expected.map(str::to_string), "{}: parse({text:?})", numbers.code());
}

/// The message of a refusal (a `NumberError::Convention`), for the cases whose text is
/// the point: it says how to type the number.
fn refusal(numbers: NumberFormat, text: &str) -> String {
    match numbers.parse(text, 2) {
        Err(NumberError::Convention(message)) => message,
        other => panic!("{}: {text:?} should be refused for its separators, got {other:?}", numbers.code()),
    }
}

#[test]
fn nb_no_numbers_are_parsed_strictly() {
    check_parse(Nordic, "12,50", 2, Ok("12.50"));
    check_parse(Nordic, " 1 234,5 ", 2, Ok("1234.5"));
    check_parse(Nordic, "1\u{a0}234\u{a0}567,89", 2, Ok("1234567.89"));
    check_parse(Nordic, "1\u{202f}234", 2, Ok("1234"));
    check_parse(Nordic, "1234", 2, Ok("1234"));
    check_parse(Nordic, "-3", 2, Ok("-3"));
    check_parse(Nordic, "\u{2212}3,5", 2, Ok("-3.5"));
    check_parse(Nordic, "+7", 2, Ok("7"));
    check_parse(Nordic, ",5", 2, Ok("0.5"));
    check_parse(Nordic, "", 2, Err(NumberError::Empty));
    check_parse(Nordic, "abc", 2, Err(NumberError::Malformed("abc".into())));
    check_parse(Nordic, "1e5", 2, Err(NumberError::Malformed("1e5".into())));
    check_parse(Nordic, "-", 2, Err(NumberError::Malformed("-".into())));
    check_parse(Nordic, "1,005", 2, Err(NumberError::TooManyDecimals { max: 2 }));
    check_parse(Nordic, "10,5", 0, Err(NumberError::TooManyDecimals { max: 0 }));
    check_parse(Nordic, "9999999999999999", 2, Err(NumberError::TooLarge));
    // The other convention and bad groups are refused, never guessed.
    for text in ["12.50", "1.234", "1,234.50", "1.234,50", "1,2,3", "12 34", "1 2345", "1234 567", " 1 23,5"] {
        assert!(matches!(Nordic.parse(text, 2), Err(NumberError::Convention(_))), "nb-NO: {text:?} is refused");
    }
}

#[test]
fn en_numbers_are_parsed_strictly() {
    check_parse(English, "12.50", 2, Ok("12.50"));
    check_parse(English, "1,234.50", 2, Ok("1234.50"));
    check_parse(English, "1,234", 2, Ok("1234"));
    check_parse(English, "1,234,567", 2, Ok("1234567"));
    check_parse(English, "1 234.5", 2, Ok("1234.5"));
    check_parse(English, "-1,000", 0, Ok("-1000"));
    check_parse(English, ".5", 2, Ok("0.5"));
    check_parse(English, "1.2.3", 2, Err(NumberError::Convention(refusal(English, "1.2.3"))));
    check_parse(English, "1.005", 2, Err(NumberError::TooManyDecimals { max: 2 }));
    for text in ["12,50", "1,23", "12,3456", "1,2,3", "1234,567", "1,234,5", "1.234,50", "12 34", "1,234.5,0"] {
        assert!(matches!(English.parse(text, 2), Err(NumberError::Convention(_))), "en: {text:?} is refused");
    }
}

#[test]
fn a_refusal_says_how_to_type_the_number() {
    // nb-NO: a point is never a decimal separator; "1.234" could be either, so both are offered.
    assert_eq!(refusal(Nordic, "12.50"), "Decimals follow a comma here: type 12,50 (numbers are typed as 1 234,50; change this in Preferences)");
    assert_eq!(
        refusal(Nordic, "1.234"),
        "Decimals follow a comma here: type 1,234 for decimals, or 1 234 for thousands (numbers are typed as 1 234,50; change this in Preferences)"
    );
    assert_eq!(refusal(Nordic, "1,234.50"), "Decimals follow a comma here: type 1 234,50 (numbers are typed as 1 234,50; change this in Preferences)");
    assert_eq!(refusal(Nordic, "12 34"), "Group digits by three: type 1 234 or 1234");
    // en: a comma groups thousands, so "1,23" is not 1.23 — unless typed with a point.
    assert_eq!(refusal(English, "1,23"), "A comma separates thousands here: for decimals type 1.23");
    assert_eq!(refusal(English, "12,50"), "A comma separates thousands here: for decimals type 12.50; for thousands, group digits by three: 1,250 or 1250");
    assert_eq!(refusal(English, "1.234,50"), "Decimals follow a point here: type 1,234.50 (numbers are typed as 1,234.50; change this in Preferences)");
}

#[test]
fn numbers_are_shown_in_their_convention() {
    assert_eq!(Nordic.amount(dec!(-1234567.5), 2), "-1\u{a0}234\u{a0}567,50");
    assert_eq!(English.amount(dec!(-1234567.5), 2), "-1,234,567.50");
    assert_eq!(Nordic.amount(dec!(999), 2), "999,00");
    assert_eq!(English.amount(dec!(1000), 0), "1,000");
    assert_eq!(English.amount(dec!(0.0005), 3), "0.001");
    assert_eq!(Nordic.amount(dec!(-0.001), 2), "0,00");
    assert_eq!(Nordic.decimal(dec!(1234.5)), "1\u{a0}234,5");
    assert_eq!(English.decimal(dec!(2)), "2");
    assert_eq!(English.count(10026), "10,026");
    assert_eq!(Nordic.count(10026), "10\u{a0}026");
    assert_eq!(Nordic.example(), "1\u{a0}234,50");
    assert_eq!(English.example(), "1,234.50");
}

#[test]
fn a_field_left_shows_the_value_as_understood() {
    assert_eq!(Nordic.normalised("1234,5", 2).as_deref(), Some("1\u{a0}234,5"));
    assert_eq!(English.normalised("1234.50", 2).as_deref(), Some("1,234.50"));
    assert_eq!(English.normalised("1,234", 2).as_deref(), Some("1,234"));
    assert_eq!(Nordic.normalised("12.50", 2), None, "refused: left as typed for Save to explain");
    assert_eq!(English.normalised("  ", 2), None);
    // What is shown parses back to the same value in the same convention.
    for value in [dec!(0), dec!(-1.5), dec!(1234.56), dec!(1000000), dec!(0.0001)] {
        for numbers in NumberFormat::ALL {
            assert_eq!(numbers.parse(&numbers.decimal(value), 4), Ok(value), "{}: {value}", numbers.code());
        }
    }
}

#[test]
fn the_browser_language_picks_the_convention() {
    for (tag, expected) in
        [("nb-NO", Nordic), ("nn", Nordic), ("no", Nordic), ("sv-SE", Nordic), ("da", Nordic), ("fi", Nordic), ("de-DE", Nordic), ("fr", Nordic)]
    {
        assert_eq!(NumberFormat::for_language(tag), expected, "{tag}");
    }
    for (tag, expected) in [("en-US", English), ("en-GB", English), ("en", English), ("ja-JP", English), ("zh-CN", English), ("", English)] {
        assert_eq!(NumberFormat::for_language(tag), expected, "{tag}");
    }
    assert_eq!(NumberFormat::from_code("nb-NO"), Some(Nordic));
    assert_eq!(NumberFormat::from_code("en"), Some(English));
    assert_eq!(NumberFormat::from_code("xx"), None);
}

#[test]
fn amounts_take_the_scale_of_their_currency() {
    let nok = Currency::new("NOK", "", 2);
    let jpy = Currency::new("JPY", "", 0);
    let kwd = Currency::new("KWD", "", 3);
    assert_eq!(English.parse_amount("10", &nok).unwrap().to_string(), "10.00");
    assert_eq!(English.parse_amount("10", &jpy).unwrap().to_string(), "10");
    assert_eq!(English.parse_amount("10.1", &kwd).unwrap().to_string(), "10.100");
    assert_eq!(Nordic.parse_amount("10,1", &kwd).unwrap().to_string(), "10.100");
    assert_eq!(English.parse_amount("10.1", &jpy), Err(NumberError::TooManyDecimals { max: 0 }));
}

#[test]
fn the_command_line_prints_plain_grouped_amounts() {
    assert_eq!(format_amount(dec!(-1234567.5), 2), "-1\u{a0}234\u{a0}567.50");
    assert_eq!(format_amount(dec!(999), 2), "999.00");
    assert_eq!(format_amount(dec!(1000), 0), "1\u{a0}000");
    assert_eq!(format_amount(dec!(0.0005), 3), "0.001");
    assert_eq!(format_amount(dec!(-0.001), 2), "0.00");
}
