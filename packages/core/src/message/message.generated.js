/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
import $protobuf from "protobufjs/minimal.js";

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
const $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError;

// Exported root namespace
const $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

export const heka = $root.heka = (() => {

    /**
     * Namespace heka.
     * @exports heka
     * @namespace
     */
    const heka = {};

    heka.Header = (function() {

        /**
         * Properties of a Header.
         * @typedef {Object} heka.Header.$Properties
         * @property {number|null} [message_length] Header message_length
         * @property {heka.Header.HmacHashFunction|null} [hmac_hash_function] Header hmac_hash_function
         * @property {string|null} [hmac_signer] Header hmac_signer
         * @property {number|null} [hmac_key_version] Header hmac_key_version
         * @property {Uint8Array|null} [hmac] Header hmac
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a Header.
         * @memberof heka
         * @interface IHeader
         * @augments heka.Header.$Properties
         * @deprecated Use heka.Header.$Properties instead.
         */

        /**
         * Shape of a Header.
         * @typedef {heka.Header.$Properties} heka.Header.$Shape
         */

        /**
         * Constructs a new Header.
         * @memberof heka
         * @classdesc Represents a Header.
         * @constructor
         * @param {heka.Header.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Header = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Header message_length.
         * @member {number} message_length
         * @memberof heka.Header
         * @instance
         */
        Header.prototype.message_length = 0;

        /**
         * Header hmac_hash_function.
         * @member {heka.Header.HmacHashFunction} hmac_hash_function
         * @memberof heka.Header
         * @instance
         */
        Header.prototype.hmac_hash_function = 0;

        /**
         * Header hmac_signer.
         * @member {string} hmac_signer
         * @memberof heka.Header
         * @instance
         */
        Header.prototype.hmac_signer = "";

        /**
         * Header hmac_key_version.
         * @member {number} hmac_key_version
         * @memberof heka.Header
         * @instance
         */
        Header.prototype.hmac_key_version = 0;

        /**
         * Header hmac.
         * @member {Uint8Array} hmac
         * @memberof heka.Header
         * @instance
         */
        Header.prototype.hmac = $util.newBuffer([]);

        /**
         * Encodes the specified Header message. Does not implicitly {@link heka.Header.verify|verify} messages.
         * @function encode
         * @memberof heka.Header
         * @static
         * @param {heka.Header.$Properties} message Header message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Header.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.message_length != null && $Object.hasOwnProperty.call(message, "message_length"))
                writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.message_length);
            if (message.hmac_hash_function != null && $Object.hasOwnProperty.call(message, "hmac_hash_function"))
                writer.uint32(/* id 3, wireType 0 =*/24).int32(message.hmac_hash_function);
            if (message.hmac_signer != null && $Object.hasOwnProperty.call(message, "hmac_signer"))
                writer.uint32(/* id 4, wireType 2 =*/34).string(message.hmac_signer);
            if (message.hmac_key_version != null && $Object.hasOwnProperty.call(message, "hmac_key_version"))
                writer.uint32(/* id 5, wireType 0 =*/40).uint32(message.hmac_key_version);
            if (message.hmac != null && $Object.hasOwnProperty.call(message, "hmac"))
                writer.uint32(/* id 6, wireType 2 =*/50).bytes(message.hmac);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a Header message from the specified reader or buffer.
         * @function decode
         * @memberof heka.Header
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {heka.Header & heka.Header.$Shape} Header
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Header.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.heka.Header();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        message.message_length = reader.uint32();
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        value = reader.int32();
                        if ($root.heka.Header.HmacHashFunction[value] !== $undefined)
                            message.hmac_hash_function = value;
                        else if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        message.hmac_signer = reader.string();
                        continue;
                    }
                case 5: {
                        if (wireType !== 0)
                            break;
                        message.hmac_key_version = reader.uint32();
                        continue;
                    }
                case 6: {
                        if (wireType !== 2)
                            break;
                        message.hmac = reader.bytes();
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * HmacHashFunction enum.
         * @name heka.Header.HmacHashFunction
         * @enum {number}
         * @property {number} MD5=0 MD5 value
         * @property {number} SHA1=1 SHA1 value
         */
        Header.HmacHashFunction = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "MD5"] = 0;
            values[valuesById[1] = "SHA1"] = 1;
            return values;
        })();

        return Header;
    })();

    heka.Field = (function() {

        /**
         * Properties of a Field.
         * @typedef {Object} heka.Field.$Properties
         * @property {Uint8Array|null} [name] Field name
         * @property {heka.Field.ValueType|null} [value_type] Field value_type
         * @property {Uint8Array|null} [representation] Field representation
         * @property {Array.<Uint8Array>|null} [value_string] Field value_string
         * @property {Array.<Uint8Array>|null} [value_bytes] Field value_bytes
         * @property {Array.<number|Long>|null} [value_integer] Field value_integer
         * @property {Array.<number>|null} [value_double] Field value_double
         * @property {Array.<boolean>|null} [value_bool] Field value_bool
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a Field.
         * @memberof heka
         * @interface IField
         * @augments heka.Field.$Properties
         * @deprecated Use heka.Field.$Properties instead.
         */

        /**
         * Shape of a Field.
         * @typedef {heka.Field.$Properties} heka.Field.$Shape
         */

        /**
         * Constructs a new Field.
         * @memberof heka
         * @classdesc Represents a Field.
         * @constructor
         * @param {heka.Field.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Field = function (properties) {
            this.value_string = [];
            this.value_bytes = [];
            this.value_integer = [];
            this.value_double = [];
            this.value_bool = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Field name.
         * @member {Uint8Array} name
         * @memberof heka.Field
         * @instance
         */
        Field.prototype.name = $util.newBuffer([]);

        /**
         * Field value_type.
         * @member {heka.Field.ValueType} value_type
         * @memberof heka.Field
         * @instance
         */
        Field.prototype.value_type = 0;

        /**
         * Field representation.
         * @member {Uint8Array} representation
         * @memberof heka.Field
         * @instance
         */
        Field.prototype.representation = $util.newBuffer([]);

        /**
         * Field value_string.
         * @member {Array.<Uint8Array>} value_string
         * @memberof heka.Field
         * @instance
         */
        Field.prototype.value_string = $util.emptyArray;

        /**
         * Field value_bytes.
         * @member {Array.<Uint8Array>} value_bytes
         * @memberof heka.Field
         * @instance
         */
        Field.prototype.value_bytes = $util.emptyArray;

        /**
         * Field value_integer.
         * @member {Array.<number|Long>} value_integer
         * @memberof heka.Field
         * @instance
         */
        Field.prototype.value_integer = $util.emptyArray;

        /**
         * Field value_double.
         * @member {Array.<number>} value_double
         * @memberof heka.Field
         * @instance
         */
        Field.prototype.value_double = $util.emptyArray;

        /**
         * Field value_bool.
         * @member {Array.<boolean>} value_bool
         * @memberof heka.Field
         * @instance
         */
        Field.prototype.value_bool = $util.emptyArray;

        /**
         * Encodes the specified Field message. Does not implicitly {@link heka.Field.verify|verify} messages.
         * @function encode
         * @memberof heka.Field
         * @static
         * @param {heka.Field.$Properties} message Field message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Field.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.name != null && $Object.hasOwnProperty.call(message, "name"))
                writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.name);
            if (message.value_type != null && $Object.hasOwnProperty.call(message, "value_type"))
                writer.uint32(/* id 2, wireType 0 =*/16).int32(message.value_type);
            if (message.representation != null && $Object.hasOwnProperty.call(message, "representation"))
                writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.representation);
            if (message.value_string != null && message.value_string.length)
                for (let i = 0; i < message.value_string.length; ++i)
                    writer.uint32(/* id 4, wireType 2 =*/34).bytes(message.value_string[i]);
            if (message.value_bytes != null && message.value_bytes.length)
                for (let i = 0; i < message.value_bytes.length; ++i)
                    writer.uint32(/* id 5, wireType 2 =*/42).bytes(message.value_bytes[i]);
            if (message.value_integer != null && message.value_integer.length)
                writer.uint32(/* id 6, wireType 2 =*/50).int64s(message.value_integer);
            if (message.value_double != null && message.value_double.length)
                writer.uint32(/* id 7, wireType 2 =*/58).doubles(message.value_double);
            if (message.value_bool != null && message.value_bool.length)
                writer.uint32(/* id 8, wireType 2 =*/66).bools(message.value_bool);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a Field message from the specified reader or buffer.
         * @function decode
         * @memberof heka.Field
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {heka.Field & heka.Field.$Shape} Field
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Field.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.heka.Field();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        message.name = reader.bytes();
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        value = reader.int32();
                        if ($root.heka.Field.ValueType[value] !== $undefined)
                            message.value_type = value;
                        else if (!reader.discardUnknown) {
                            $util.makeProp(message, "$unknowns", false);
                            (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                        }
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        message.representation = reader.bytes();
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if (!(message.value_string && message.value_string.length))
                            message.value_string = [];
                        message.value_string.push(reader.bytes());
                        continue;
                    }
                case 5: {
                        if (wireType !== 2)
                            break;
                        if (!(message.value_bytes && message.value_bytes.length))
                            message.value_bytes = [];
                        message.value_bytes.push(reader.bytes());
                        continue;
                    }
                case 6: {
                        if (wireType === 2) {
                            if (!(message.value_integer && message.value_integer.length))
                                message.value_integer = [];
                            reader.int64s(message.value_integer);
                            continue;
                        }
                        if (wireType !== 0)
                            break;
                        if (!(message.value_integer && message.value_integer.length))
                            message.value_integer = [];
                        message.value_integer.push(reader.int64());
                        continue;
                    }
                case 7: {
                        if (wireType === 2) {
                            if (!(message.value_double && message.value_double.length))
                                message.value_double = [];
                            reader.doubles(message.value_double);
                            continue;
                        }
                        if (wireType !== 1)
                            break;
                        if (!(message.value_double && message.value_double.length))
                            message.value_double = [];
                        message.value_double.push(reader.double());
                        continue;
                    }
                case 8: {
                        if (wireType === 2) {
                            if (!(message.value_bool && message.value_bool.length))
                                message.value_bool = [];
                            reader.bools(message.value_bool);
                            continue;
                        }
                        if (wireType !== 0)
                            break;
                        if (!(message.value_bool && message.value_bool.length))
                            message.value_bool = [];
                        message.value_bool.push(reader.bool());
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * ValueType enum.
         * @name heka.Field.ValueType
         * @enum {number}
         * @property {number} STRING=0 STRING value
         * @property {number} BYTES=1 BYTES value
         * @property {number} INTEGER=2 INTEGER value
         * @property {number} DOUBLE=3 DOUBLE value
         * @property {number} BOOL=4 BOOL value
         */
        Field.ValueType = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "STRING"] = 0;
            values[valuesById[1] = "BYTES"] = 1;
            values[valuesById[2] = "INTEGER"] = 2;
            values[valuesById[3] = "DOUBLE"] = 3;
            values[valuesById[4] = "BOOL"] = 4;
            return values;
        })();

        return Field;
    })();

    heka.Message = (function() {

        /**
         * Properties of a Message.
         * @typedef {Object} heka.Message.$Properties
         * @property {Uint8Array|null} [uuid] Message uuid
         * @property {number|Long|null} [timestamp] Message timestamp
         * @property {Uint8Array|null} [type] Message type
         * @property {Uint8Array|null} [logger] Message logger
         * @property {number|null} [severity] Message severity
         * @property {Uint8Array|null} [payload] Message payload
         * @property {Uint8Array|null} [env_version] Message env_version
         * @property {number|null} [pid] Message pid
         * @property {Uint8Array|null} [hostname] Message hostname
         * @property {Array.<heka.Field.$Properties>|null} [fields] Message fields
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a Message.
         * @memberof heka
         * @interface IMessage
         * @augments heka.Message.$Properties
         * @deprecated Use heka.Message.$Properties instead.
         */

        /**
         * Shape of a Message.
         * @typedef {heka.Message.$Properties} heka.Message.$Shape
         */

        /**
         * Constructs a new Message.
         * @memberof heka
         * @classdesc Represents a Message.
         * @constructor
         * @param {heka.Message.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Message = function (properties) {
            this.fields = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Message uuid.
         * @member {Uint8Array} uuid
         * @memberof heka.Message
         * @instance
         */
        Message.prototype.uuid = $util.newBuffer([]);

        /**
         * Message timestamp.
         * @member {number|Long} timestamp
         * @memberof heka.Message
         * @instance
         */
        Message.prototype.timestamp = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

        /**
         * Message type.
         * @member {Uint8Array} type
         * @memberof heka.Message
         * @instance
         */
        Message.prototype.type = $util.newBuffer([]);

        /**
         * Message logger.
         * @member {Uint8Array} logger
         * @memberof heka.Message
         * @instance
         */
        Message.prototype.logger = $util.newBuffer([]);

        /**
         * Message severity.
         * @member {number} severity
         * @memberof heka.Message
         * @instance
         */
        Message.prototype.severity = 7;

        /**
         * Message payload.
         * @member {Uint8Array} payload
         * @memberof heka.Message
         * @instance
         */
        Message.prototype.payload = $util.newBuffer([]);

        /**
         * Message env_version.
         * @member {Uint8Array} env_version
         * @memberof heka.Message
         * @instance
         */
        Message.prototype.env_version = $util.newBuffer([]);

        /**
         * Message pid.
         * @member {number} pid
         * @memberof heka.Message
         * @instance
         */
        Message.prototype.pid = 0;

        /**
         * Message hostname.
         * @member {Uint8Array} hostname
         * @memberof heka.Message
         * @instance
         */
        Message.prototype.hostname = $util.newBuffer([]);

        /**
         * Message fields.
         * @member {Array.<heka.Field.$Properties>} fields
         * @memberof heka.Message
         * @instance
         */
        Message.prototype.fields = $util.emptyArray;

        /**
         * Encodes the specified Message message. Does not implicitly {@link heka.Message.verify|verify} messages.
         * @function encode
         * @memberof heka.Message
         * @static
         * @param {heka.Message.$Properties} message Message message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Message.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.uuid != null && $Object.hasOwnProperty.call(message, "uuid"))
                writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.uuid);
            if (message.timestamp != null && $Object.hasOwnProperty.call(message, "timestamp"))
                writer.uint32(/* id 2, wireType 0 =*/16).int64(message.timestamp);
            if (message.type != null && $Object.hasOwnProperty.call(message, "type"))
                writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.type);
            if (message.logger != null && $Object.hasOwnProperty.call(message, "logger"))
                writer.uint32(/* id 4, wireType 2 =*/34).bytes(message.logger);
            if (message.severity != null && $Object.hasOwnProperty.call(message, "severity"))
                writer.uint32(/* id 5, wireType 0 =*/40).uint32(message.severity);
            if (message.payload != null && $Object.hasOwnProperty.call(message, "payload"))
                writer.uint32(/* id 6, wireType 2 =*/50).bytes(message.payload);
            if (message.env_version != null && $Object.hasOwnProperty.call(message, "env_version"))
                writer.uint32(/* id 7, wireType 2 =*/58).bytes(message.env_version);
            if (message.pid != null && $Object.hasOwnProperty.call(message, "pid"))
                writer.uint32(/* id 8, wireType 0 =*/64).uint32(message.pid);
            if (message.hostname != null && $Object.hasOwnProperty.call(message, "hostname"))
                writer.uint32(/* id 9, wireType 2 =*/74).bytes(message.hostname);
            if (message.fields != null && message.fields.length)
                for (let i = 0; i < message.fields.length; ++i)
                    $root.heka.Field.encode(message.fields[i], writer.uint32(/* id 10, wireType 2 =*/82).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a Message message from the specified reader or buffer.
         * @function decode
         * @memberof heka.Message
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {heka.Message & heka.Message.$Shape} Message
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Message.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.heka.Message();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        message.uuid = reader.bytes();
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        message.timestamp = reader.int64();
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        message.type = reader.bytes();
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        message.logger = reader.bytes();
                        continue;
                    }
                case 5: {
                        if (wireType !== 0)
                            break;
                        message.severity = reader.uint32();
                        continue;
                    }
                case 6: {
                        if (wireType !== 2)
                            break;
                        message.payload = reader.bytes();
                        continue;
                    }
                case 7: {
                        if (wireType !== 2)
                            break;
                        message.env_version = reader.bytes();
                        continue;
                    }
                case 8: {
                        if (wireType !== 0)
                            break;
                        message.pid = reader.uint32();
                        continue;
                    }
                case 9: {
                        if (wireType !== 2)
                            break;
                        message.hostname = reader.bytes();
                        continue;
                    }
                case 10: {
                        if (wireType !== 2)
                            break;
                        if (!(message.fields && message.fields.length))
                            message.fields = [];
                        message.fields.push($root.heka.Field.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        return Message;
    })();

    return heka;
})();

export {
  $root as default
};
