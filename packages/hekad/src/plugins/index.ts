// Every plugin type this hekad provides, registered explicitly (no import side effects).
import { Registry, type AnyPlugin } from '@heka/core';
import { MultiDecoder } from './decoders/multi-decoder.js';
import { ProtobufDecoder } from './decoders/protobuf-decoder.js';
import { PayloadRegexDecoder } from './decoders/payload-regex-decoder.js';
import { ScribbleDecoder } from './decoders/scribble-decoder.js';
import { SandboxDecoder } from './decoders/sandbox-decoder.js';
import { CounterFilter } from './filters/counter-filter.js';
import { SandboxFilter } from './filters/sandbox-filter.js';
import { SandboxManagerFilter } from './filters/sandbox-manager-filter.js';
import { PayloadEncoder } from './encoders/payload-encoder.js';
import { RstEncoder } from './encoders/rst-encoder.js';
import { ProtobufEncoder } from './encoders/protobuf-encoder.js';
import { SandboxEncoder } from './encoders/sandbox-encoder.js';
import { LogstreamerInput } from './inputs/logstreamer-input.js';
import { SandboxInput } from './inputs/sandbox-input.js';
import { StdinInput } from './inputs/stdin-input.js';
import { TcpInput } from './inputs/tcp-input.js';
import { UdpInput } from './inputs/udp-input.js';
import { FileOutput } from './outputs/file-output.js';
import { LogOutput } from './outputs/log-output.js';
import { SandboxOutput } from './outputs/sandbox-output.js';
import { TcpOutput } from './outputs/tcp-output.js';
import { UdpOutput } from './outputs/udp-output.js';
import { HekaFramingSplitter } from './splitters/heka-framing-splitter.js';
import { NullSplitter } from './splitters/null-splitter.js';
import { RegexSplitter } from './splitters/regex-splitter.js';
import { TokenSplitter } from './splitters/token-splitter.js';

export const plugins: readonly AnyPlugin[] = [
  LogstreamerInput,
  StdinInput,
  TcpInput,
  UdpInput,
  SandboxInput,
  TokenSplitter,
  RegexSplitter,
  HekaFramingSplitter,
  NullSplitter,
  ProtobufDecoder,
  PayloadRegexDecoder,
  ScribbleDecoder,
  MultiDecoder,
  SandboxDecoder,
  CounterFilter,
  SandboxFilter,
  SandboxManagerFilter,
  ProtobufEncoder,
  PayloadEncoder,
  RstEncoder,
  SandboxEncoder,
  LogOutput,
  FileOutput,
  TcpOutput,
  UdpOutput,
  SandboxOutput,
];

export function createRegistry(): Registry {
  return new Registry(plugins);
}
