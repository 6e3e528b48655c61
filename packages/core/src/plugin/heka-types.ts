// Every plugin type Heka 0.10 registered, so a config naming one this build lacks gets told so
// rather than being treated as a typo.
export const HEKA_0_10_TYPES: ReadonlySet<string> = new Set([
  'AMQPInput', 'DockerEventInput', 'DockerLogInput', 'FilePollingInput', 'HttpInput', 'HttpListenInput', 'KafkaInput',
  'LogstreamerInput', 'ProcessDirectoryInput', 'ProcessInput', 'SandboxInput', 'StatAccumInput', 'StatsdInput', 'TcpInput', 'UdpInput',
  'HekaFramingSplitter', 'NullSplitter', 'RegexSplitter', 'TokenSplitter',
  'GeoIpDecoder', 'MultiDecoder', 'PayloadRegexDecoder', 'PayloadXmlDecoder', 'ProtobufDecoder', 'SandboxDecoder', 'ScribbleDecoder',
  'StatsToFieldsDecoder',
  'CounterFilter', 'SandboxFilter', 'SandboxManagerFilter', 'StatFilter',
  'ESJsonEncoder', 'ESLogstashV0Encoder', 'PayloadEncoder', 'ProtobufEncoder', 'RstEncoder', 'SandboxEncoder',
  'AMQPOutput', 'CarbonOutput', 'DashboardOutput', 'ElasticSearchOutput', 'FileOutput', 'HttpOutput', 'IrcOutput', 'KafkaOutput',
  'LogOutput', 'NagiosOutput', 'SandboxOutput', 'SmtpOutput', 'TcpOutput', 'UdpOutput', 'WhisperOutput',
]);

/** Instances Heka creates with default settings unless a section of that exact name exists. */
export const DEFAULT_INSTANCES: readonly string[] = ['ProtobufDecoder', 'ProtobufEncoder', 'TokenSplitter', 'HekaFramingSplitter', 'NullSplitter'];
