import { AmiBrokerSignalParser, type AmiBrokerParseResult } from './AmiBrokerSignalParser.js';

/** Parse a whole AmiBroker signal file's text; every problem names its line and why. */
export function parseAmiBrokerSignals(text: string, fileName: string): AmiBrokerParseResult {
  return new AmiBrokerSignalParser(fileName).parse(text);
}
