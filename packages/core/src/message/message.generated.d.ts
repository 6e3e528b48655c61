import * as $protobuf from "protobufjs";
import Long = require("long");

export namespace heka {

    interface IHeader extends heka.Header.$Properties {
    }

    class Header {
        constructor(properties?: heka.Header.$Properties);
        $unknowns?: Uint8Array[];
        message_length: number;
        hmac_hash_function: heka.Header.HmacHashFunction;
        hmac_signer: string;
        hmac_key_version: number;
        hmac: Uint8Array;
        static encode(message: heka.Header.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): heka.Header & heka.Header.$Shape;
    }

    namespace Header {
        interface $Properties {
            message_length?: (number|null);
            hmac_hash_function?: (heka.Header.HmacHashFunction|null);
            hmac_signer?: (string|null);
            hmac_key_version?: (number|null);
            hmac?: (Uint8Array|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = heka.Header.$Properties;

        enum HmacHashFunction {
            MD5 = 0,
            SHA1 = 1
        }
    }

    interface IField extends heka.Field.$Properties {
    }

    class Field {
        constructor(properties?: heka.Field.$Properties);
        $unknowns?: Uint8Array[];
        name: Uint8Array;
        value_type: heka.Field.ValueType;
        representation: Uint8Array;
        value_string: Uint8Array[];
        value_bytes: Uint8Array[];
        value_integer: (number|Long)[];
        value_double: number[];
        value_bool: boolean[];
        static encode(message: heka.Field.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): heka.Field & heka.Field.$Shape;
    }

    namespace Field {
        interface $Properties {
            name?: (Uint8Array|null);
            value_type?: (heka.Field.ValueType|null);
            representation?: (Uint8Array|null);
            value_string?: (Uint8Array[]|null);
            value_bytes?: (Uint8Array[]|null);
            value_integer?: ((number|Long)[]|null);
            value_double?: (number[]|null);
            value_bool?: (boolean[]|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = heka.Field.$Properties;

        enum ValueType {
            STRING = 0,
            BYTES = 1,
            INTEGER = 2,
            DOUBLE = 3,
            BOOL = 4
        }
    }

    interface IMessage extends heka.Message.$Properties {
    }

    class Message {
        constructor(properties?: heka.Message.$Properties);
        $unknowns?: Uint8Array[];
        uuid: Uint8Array;
        timestamp: (number|Long);
        type: Uint8Array;
        logger: Uint8Array;
        severity: number;
        payload: Uint8Array;
        env_version: Uint8Array;
        pid: number;
        hostname: Uint8Array;
        fields: heka.Field.$Properties[];
        static encode(message: heka.Message.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): heka.Message & heka.Message.$Shape;
    }

    namespace Message {
        interface $Properties {
            uuid?: (Uint8Array|null);
            timestamp?: (number|Long|null);
            type?: (Uint8Array|null);
            logger?: (Uint8Array|null);
            severity?: (number|null);
            payload?: (Uint8Array|null);
            env_version?: (Uint8Array|null);
            pid?: (number|null);
            hostname?: (Uint8Array|null);
            fields?: (heka.Field.$Properties[]|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = heka.Message.$Properties;
    }
}
