// Go time layouts read as Go's time.ParseInLocation reads them. `utc` is the expected instant in
// ISO form (with nanoseconds where they matter); `error` a part of the expected error text.

export interface GoParseCase {
  readonly layout: string;
  readonly value: string;
  readonly location?: string;
  readonly utc?: string;
  readonly ns?: number;
  readonly error?: string;
}

export const GO_PARSE_CASES: readonly GoParseCase[] = [
  // Dates and times
  { layout: '2006-01-02 15:04:05', value: '2014-11-17 11:23:45', utc: '2014-11-17T11:23:45Z' },
  { layout: '02/Jan/2006:15:04:05 -0700', value: '17/Nov/2014:11:23:45 +0100', utc: '2014-11-17T10:23:45Z' },
  { layout: '02/Jan/2006:15:04:05 -0700', value: '17/nov/2014:11:23:45 -0230', utc: '2014-11-17T13:53:45Z' },
  { layout: 'January 2, 2006', value: 'March 9, 2015', utc: '2015-03-09T00:00:00Z' },
  { layout: 'Monday Jan 2 06', value: 'Friday Feb 3 17', utc: '2017-02-03T00:00:00Z' },
  { layout: '06', value: '69', utc: '1969-01-01T00:00:00Z' },
  { layout: '06', value: '68', utc: '2068-01-01T00:00:00Z' },
  { layout: '1/2/2006 3:04:05 PM', value: '12/31/2015 12:00:01 AM', utc: '2015-12-31T00:00:01Z' },
  { layout: '1/2/2006 3:04:05 PM', value: '7/4/2015 1:02:03 PM', utc: '2015-07-04T13:02:03Z' },
  { layout: '3:04pm', value: '11:59pm', utc: '0000-01-01T23:59:00Z' },
  { layout: 'Jan _2 15:04:05', value: 'Feb  3 04:05:06', utc: '0000-02-03T04:05:06Z' },
  { layout: 'Jan _2 15:04:05', value: 'Feb 13 04:05:06', utc: '0000-02-13T04:05:06Z' },
  // Spaces: a run in the layout matches a run in the value
  { layout: 'Jan 2 15:04', value: 'Feb   3   04:05', utc: '0000-02-03T04:05:00Z' },
  // Fractions
  { layout: '2006-01-02 15:04:05.000', value: '2014-11-17 11:23:45.123', utc: '2014-11-17T11:23:45Z', ns: 123_000_000 },
  { layout: '2006-01-02 15:04:05.000', value: '2014-11-17 11:23:45.12', error: 'cannot parse ".12" as ".000"' },
  { layout: '2006-01-02T15:04:05.999999999Z07:00', value: '2014-11-17T11:23:45.5Z', utc: '2014-11-17T11:23:45Z', ns: 500_000_000 },
  { layout: '2006-01-02T15:04:05.999999999Z07:00', value: '2014-11-17T11:23:45+02:00', utc: '2014-11-17T09:23:45Z' },
  { layout: '2006-01-02 15:04:05', value: '2014-11-17 11:23:45.000123456', utc: '2014-11-17T11:23:45Z', ns: 123_456 },
  { layout: '2006-01-02 15:04:05,000', value: '2014-11-17 11:23:45,250', utc: '2014-11-17T11:23:45Z', ns: 250_000_000 },
  { layout: '15:04:05', value: '10:00:00.1234567891', utc: '0000-01-01T10:00:00Z', ns: 123_456_789 },
  // Zones
  { layout: '2006-01-02T15:04:05Z07:00', value: '2014-11-17T11:23:45Z', utc: '2014-11-17T11:23:45Z' },
  { layout: '2006-01-02T15:04:05-07:00', value: '2014-11-17T11:23:45Z', error: 'cannot parse "Z" as "-07:00"' },
  { layout: '15:04 -07', value: '10:00 +05', utc: '0000-01-01T05:00:00Z' },
  { layout: '15:04 -070000', value: '10:00 -013030', utc: '0000-01-01T11:30:30Z' },
  { layout: '15:04 MST', value: '10:00 UTC', location: 'America/New_York', utc: '0000-01-01T10:00:00Z' },
  { layout: '2006-01-02 15:04 MST', value: '2015-01-05 10:00 EST', location: 'America/New_York', utc: '2015-01-05T15:00:00Z' },
  { layout: '2006-01-02 15:04 MST', value: '2015-07-05 10:00 EDT', location: 'America/New_York', utc: '2015-07-05T14:00:00Z' },
  { layout: '2006-01-02 15:04 MST', value: '2015-01-05 10:00 XYZ', location: 'America/New_York', utc: '2015-01-05T10:00:00Z' },
  { layout: '2006-01-02 15:04 MST', value: '2015-01-05 10:00 GMT+3', utc: '2015-01-05T07:00:00Z' },
  { layout: '2006-01-02 15:04 MST', value: '2015-01-05 10:00 12', error: 'cannot parse "12" as "MST"' },
  // Locations apply to values without a zone, with daylight saving
  { layout: '2006-01-02 15:04:05', value: '2015-01-05 10:00:00', location: 'America/New_York', utc: '2015-01-05T15:00:00Z' },
  { layout: '2006-01-02 15:04:05', value: '2015-07-05 10:00:00', location: 'Europe/Berlin', utc: '2015-07-05T08:00:00Z' },
  { layout: '2006-01-02 15:04:05 -0700', value: '2015-07-05 10:00:00 +0000', location: 'Europe/Berlin', utc: '2015-07-05T10:00:00Z' },
  // Tokens only where Go sees them
  { layout: 'Month: Jan', value: 'Month: Mar', utc: '0000-03-01T00:00:00Z' },
  { layout: 'Janx 2', value: 'Janx 5', utc: '0000-01-05T00:00:00Z' },
  // Errors
  { layout: '2006-01-02', value: '2015-02-30', error: 'day out of range' },
  { layout: '2006-01-02', value: '2016-02-29', utc: '2016-02-29T00:00:00Z' },
  { layout: '2006-01-02', value: '2015-13-01', error: 'month out of range' },
  { layout: '15:04', value: '24:00', error: 'hour out of range' },
  { layout: '15:04', value: '10:61', error: 'minute out of range' },
  { layout: '2006-01-02', value: '2015-1-02', error: 'cannot parse "1-02" as "01"' },
  { layout: '2006-01-02', value: '2015-01-02 extra', error: 'extra text: " extra"' },
  { layout: '2006-01-02', value: '15-01-02', error: 'cannot parse "15-01-02" as "2006"' },
  { layout: '3:04PM', value: '3:04XM', error: 'cannot parse "XM" as "PM"' },
  { layout: 'Jan 2', value: 'Foo 2', error: 'cannot parse "Foo 2" as "Jan"' },
  { layout: '[2006]', value: '(2015)', error: 'cannot parse "(2015)" as "["' },
];
