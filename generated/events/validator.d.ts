import type { BackendEvent } from "./types.js";
/** One error as Ajv reports it: `instancePath` is the JSON pointer of the offending value. */
export interface AjvError {
    instancePath: string;
    schemaPath: string;
    keyword: string;
    params: Record<string, any>;
    message?: string;
    propertyName?: string;
}
/** Ajv's validator: true when `data` is a valid BackendEvent; after a false, `validate.errors` lists every error. */
export interface Validate {
    (data: unknown): data is BackendEvent;
    errors?: AjvError[] | null;
}
export declare const validate: Validate;
/** The schema the validator was compiled from, as one document. */
export declare const schema: {
    readonly $schema: "http://json-schema.org/draft-04/schema#";
    readonly properties: {
        readonly evt: {
            readonly $schema: "http://json-schema.org/draft-04/schema#";
            readonly $ref: "#/definitions/EventContext";
        };
        readonly file: {
            readonly $schema: "http://json-schema.org/draft-04/schema#";
            readonly $ref: "#/definitions/FileEvent";
        };
        readonly selinux: {
            readonly $schema: "http://json-schema.org/draft-04/schema#";
            readonly $ref: "#/definitions/SELinuxEvent";
        };
        readonly bpf: {
            readonly $schema: "http://json-schema.org/draft-04/schema#";
            readonly $ref: "#/definitions/BPFEvent";
        };
        readonly usr: {
            readonly $schema: "http://json-schema.org/draft-04/schema#";
            readonly $ref: "#/definitions/UserContext";
        };
        readonly process: {
            readonly $schema: "http://json-schema.org/draft-04/schema#";
            readonly $ref: "#/definitions/ProcessContext";
        };
        readonly dd: {
            readonly $schema: "http://json-schema.org/draft-04/schema#";
            readonly $ref: "#/definitions/DDContext";
        };
        readonly container: {
            readonly $ref: "#/definitions/ContainerContext";
        };
        readonly date: {
            readonly type: "string";
            readonly format: "date-time";
        };
    };
    readonly additionalProperties: false;
    readonly type: "object";
    readonly definitions: {
        readonly BPFEvent: {
            readonly required: readonly ["cmd"];
            readonly properties: {
                readonly cmd: {
                    readonly type: "string";
                    readonly description: "BPF command";
                };
                readonly map: {
                    readonly $schema: "http://json-schema.org/draft-04/schema#";
                    readonly $ref: "#/definitions/BPFMap";
                    readonly description: "BPF map";
                };
                readonly program: {
                    readonly $schema: "http://json-schema.org/draft-04/schema#";
                    readonly $ref: "#/definitions/BPFProgram";
                    readonly description: "BPF program";
                };
            };
            readonly additionalProperties: false;
            readonly type: "object";
        };
        readonly BPFMap: {
            readonly properties: {
                readonly name: {
                    readonly type: "string";
                    readonly description: "Name of the BPF map";
                };
                readonly map_type: {
                    readonly type: "string";
                    readonly description: "Type of the BPF map";
                };
            };
            readonly additionalProperties: false;
            readonly type: "object";
        };
        readonly BPFProgram: {
            readonly properties: {
                readonly name: {
                    readonly type: "string";
                    readonly description: "Name of the BPF program";
                };
                readonly program_type: {
                    readonly type: "string";
                    readonly description: "Type of the BPF program";
                };
                readonly attach_type: {
                    readonly type: "string";
                    readonly description: "Attach type of the BPF program";
                };
                readonly helpers: {
                    readonly items: {
                        readonly type: "string";
                    };
                    readonly type: "array";
                    readonly description: "List of helpers used by the BPF program";
                };
            };
            readonly additionalProperties: false;
            readonly type: "object";
        };
        readonly ContainerContext: {
            readonly properties: {
                readonly id: {
                    readonly type: "string";
                    readonly description: "Container ID";
                };
            };
            readonly additionalProperties: false;
            readonly type: "object";
        };
        readonly DDContext: {
            readonly properties: {
                readonly span_id: {
                    readonly type: "integer";
                    readonly description: "Span ID used for APM correlation";
                };
                readonly trace_id: {
                    readonly type: "integer";
                    readonly description: "Trace ID used for APM correlation";
                };
            };
            readonly additionalProperties: false;
            readonly type: "object";
        };
        readonly EventContext: {
            readonly properties: {
                readonly name: {
                    readonly type: "string";
                    readonly description: "Event name";
                };
                readonly category: {
                    readonly type: "string";
                    readonly description: "Event category";
                };
                readonly outcome: {
                    readonly type: "string";
                    readonly description: "Event outcome";
                };
            };
            readonly additionalProperties: false;
            readonly type: "object";
        };
        readonly File: {
            readonly required: readonly ["uid", "gid"];
            readonly properties: {
                readonly path: {
                    readonly type: "string";
                    readonly description: "File path";
                };
                readonly name: {
                    readonly type: "string";
                    readonly description: "File basename";
                };
                readonly path_resolution_error: {
                    readonly type: "string";
                    readonly description: "Error message from path resolution";
                };
                readonly inode: {
                    readonly type: "integer";
                    readonly description: "File inode number";
                };
                readonly mode: {
                    readonly type: "integer";
                    readonly description: "File mode";
                };
                readonly in_upper_layer: {
                    readonly type: "boolean";
                    readonly description: "Indicator of file OverlayFS layer";
                };
                readonly mount_id: {
                    readonly type: "integer";
                    readonly description: "File mount ID";
                };
                readonly filesystem: {
                    readonly type: "string";
                    readonly description: "File filesystem name";
                };
                readonly uid: {
                    readonly type: "integer";
                    readonly description: "File User ID";
                };
                readonly gid: {
                    readonly type: "integer";
                    readonly description: "File Group ID";
                };
                readonly user: {
                    readonly type: "string";
                    readonly description: "File user";
                };
                readonly group: {
                    readonly type: "string";
                    readonly description: "File group";
                };
                readonly attribute_name: {
                    readonly type: "string";
                    readonly description: "File extended attribute name";
                };
                readonly attribute_namespace: {
                    readonly type: "string";
                    readonly description: "File extended attribute namespace";
                };
                readonly flags: {
                    readonly items: {
                        readonly type: "string";
                    };
                    readonly type: "array";
                    readonly description: "File flags";
                };
                readonly access_time: {
                    readonly type: "string";
                    readonly format: "date-time";
                };
                readonly modification_time: {
                    readonly type: "string";
                    readonly description: "File modified time";
                    readonly format: "date-time";
                };
                readonly change_time: {
                    readonly type: "string";
                    readonly description: "File change time";
                    readonly format: "date-time";
                };
            };
            readonly additionalProperties: false;
            readonly type: "object";
        };
        readonly FileEvent: {
            readonly required: readonly ["uid", "gid"];
            readonly properties: {
                readonly path: {
                    readonly type: "string";
                    readonly description: "File path";
                };
                readonly name: {
                    readonly type: "string";
                    readonly description: "File basename";
                };
                readonly path_resolution_error: {
                    readonly type: "string";
                    readonly description: "Error message from path resolution";
                };
                readonly inode: {
                    readonly type: "integer";
                    readonly description: "File inode number";
                };
                readonly mode: {
                    readonly type: "integer";
                    readonly description: "File mode";
                };
                readonly in_upper_layer: {
                    readonly type: "boolean";
                    readonly description: "Indicator of file OverlayFS layer";
                };
                readonly mount_id: {
                    readonly type: "integer";
                    readonly description: "File mount ID";
                };
                readonly filesystem: {
                    readonly type: "string";
                    readonly description: "File filesystem name";
                };
                readonly uid: {
                    readonly type: "integer";
                    readonly description: "File User ID";
                };
                readonly gid: {
                    readonly type: "integer";
                    readonly description: "File Group ID";
                };
                readonly user: {
                    readonly type: "string";
                    readonly description: "File user";
                };
                readonly group: {
                    readonly type: "string";
                    readonly description: "File group";
                };
                readonly attribute_name: {
                    readonly type: "string";
                    readonly description: "File extended attribute name";
                };
                readonly attribute_namespace: {
                    readonly type: "string";
                    readonly description: "File extended attribute namespace";
                };
                readonly flags: {
                    readonly items: {
                        readonly type: "string";
                    };
                    readonly type: "array";
                    readonly description: "File flags";
                };
                readonly access_time: {
                    readonly type: "string";
                    readonly format: "date-time";
                };
                readonly modification_time: {
                    readonly type: "string";
                    readonly description: "File modified time";
                    readonly format: "date-time";
                };
                readonly change_time: {
                    readonly type: "string";
                    readonly description: "File change time";
                    readonly format: "date-time";
                };
                readonly destination: {
                    readonly $schema: "http://json-schema.org/draft-04/schema#";
                    readonly $ref: "#/definitions/File";
                    readonly description: "Target file information";
                };
                readonly new_mount_id: {
                    readonly type: "integer";
                    readonly description: "New Mount ID";
                };
                readonly group_id: {
                    readonly type: "integer";
                    readonly description: "Group ID";
                };
                readonly device: {
                    readonly type: "integer";
                    readonly description: "Device associated with the file";
                };
                readonly fstype: {
                    readonly type: "string";
                    readonly description: "Filesystem type";
                };
            };
            readonly additionalProperties: false;
            readonly type: "object";
        };
        readonly ProcessCacheEntry: {
            readonly required: readonly ["uid", "gid"];
            readonly properties: {
                readonly pid: {
                    readonly type: "integer";
                    readonly description: "Process ID";
                };
                readonly ppid: {
                    readonly type: "integer";
                    readonly description: "Parent Process ID";
                };
                readonly tid: {
                    readonly type: "integer";
                    readonly description: "Thread ID";
                };
                readonly uid: {
                    readonly type: "integer";
                    readonly description: "User ID";
                };
                readonly gid: {
                    readonly type: "integer";
                    readonly description: "Group ID";
                };
                readonly user: {
                    readonly type: "string";
                    readonly description: "User name";
                };
                readonly group: {
                    readonly type: "string";
                    readonly description: "Group name";
                };
                readonly path_resolution_error: {
                    readonly type: "string";
                    readonly description: "Description of an error in the path resolution";
                };
                readonly comm: {
                    readonly type: "string";
                    readonly description: "Command name";
                };
                readonly tty: {
                    readonly type: "string";
                    readonly description: "TTY associated with the process";
                };
                readonly fork_time: {
                    readonly type: "string";
                    readonly description: "Fork time of the process";
                    readonly format: "date-time";
                };
                readonly exec_time: {
                    readonly type: "string";
                    readonly description: "Exec time of the process";
                    readonly format: "date-time";
                };
                readonly exit_time: {
                    readonly type: "string";
                    readonly description: "Exit time of the process";
                    readonly format: "date-time";
                };
                readonly credentials: {
                    readonly $ref: "#/definitions/ProcessCredentials";
                    readonly description: "Credentials associated with the process";
                };
                readonly executable: {
                    readonly $ref: "#/definitions/File";
                    readonly description: "File information of the executable";
                };
                readonly container: {
                    readonly $ref: "#/definitions/ContainerContext";
                    readonly description: "Container context";
                };
                readonly args: {
                    readonly items: {
                        readonly type: "string";
                    };
                    readonly type: "array";
                    readonly description: "Command line arguments";
                };
                readonly args_truncated: {
                    readonly type: "boolean";
                    readonly description: "Indicator of arguments truncation";
                };
                readonly envs: {
                    readonly items: {
                        readonly type: "string";
                    };
                    readonly type: "array";
                    readonly description: "Environment variables of the process";
                };
                readonly envs_truncated: {
                    readonly type: "boolean";
                    readonly description: "Indicator of environments variable truncation";
                };
            };
            readonly additionalProperties: false;
            readonly type: "object";
        };
        readonly ProcessContext: {
            readonly required: readonly ["uid", "gid"];
            readonly properties: {
                readonly pid: {
                    readonly type: "integer";
                    readonly description: "Process ID";
                };
                readonly ppid: {
                    readonly type: "integer";
                    readonly description: "Parent Process ID";
                };
                readonly tid: {
                    readonly type: "integer";
                    readonly description: "Thread ID";
                };
                readonly uid: {
                    readonly type: "integer";
                    readonly description: "User ID";
                };
                readonly gid: {
                    readonly type: "integer";
                    readonly description: "Group ID";
                };
                readonly user: {
                    readonly type: "string";
                    readonly description: "User name";
                };
                readonly group: {
                    readonly type: "string";
                    readonly description: "Group name";
                };
                readonly path_resolution_error: {
                    readonly type: "string";
                    readonly description: "Description of an error in the path resolution";
                };
                readonly comm: {
                    readonly type: "string";
                    readonly description: "Command name";
                };
                readonly tty: {
                    readonly type: "string";
                    readonly description: "TTY associated with the process";
                };
                readonly fork_time: {
                    readonly type: "string";
                    readonly description: "Fork time of the process";
                    readonly format: "date-time";
                };
                readonly exec_time: {
                    readonly type: "string";
                    readonly description: "Exec time of the process";
                    readonly format: "date-time";
                };
                readonly exit_time: {
                    readonly type: "string";
                    readonly description: "Exit time of the process";
                    readonly format: "date-time";
                };
                readonly credentials: {
                    readonly $schema: "http://json-schema.org/draft-04/schema#";
                    readonly $ref: "#/definitions/ProcessCredentials";
                    readonly description: "Credentials associated with the process";
                };
                readonly executable: {
                    readonly $ref: "#/definitions/File";
                    readonly description: "File information of the executable";
                };
                readonly container: {
                    readonly $schema: "http://json-schema.org/draft-04/schema#";
                    readonly $ref: "#/definitions/ContainerContext";
                    readonly description: "Container context";
                };
                readonly args: {
                    readonly items: {
                        readonly type: "string";
                    };
                    readonly type: "array";
                    readonly description: "Command line arguments";
                };
                readonly args_truncated: {
                    readonly type: "boolean";
                    readonly description: "Indicator of arguments truncation";
                };
                readonly envs: {
                    readonly items: {
                        readonly type: "string";
                    };
                    readonly type: "array";
                    readonly description: "Environment variables of the process";
                };
                readonly envs_truncated: {
                    readonly type: "boolean";
                    readonly description: "Indicator of environments variable truncation";
                };
                readonly parent: {
                    readonly $schema: "http://json-schema.org/draft-04/schema#";
                    readonly $ref: "#/definitions/ProcessCacheEntry";
                    readonly description: "Parent process";
                };
                readonly ancestors: {
                    readonly items: {
                        readonly $ref: "#/definitions/ProcessCacheEntry";
                    };
                    readonly type: "array";
                    readonly description: "Ancestor processes";
                };
            };
            readonly additionalProperties: false;
            readonly type: "object";
        };
        readonly ProcessCredentials: {
            readonly required: readonly ["uid", "gid", "euid", "egid", "fsuid", "fsgid", "cap_effective", "cap_permitted"];
            readonly properties: {
                readonly uid: {
                    readonly type: "integer";
                    readonly description: "User ID";
                };
                readonly user: {
                    readonly type: "string";
                    readonly description: "User name";
                };
                readonly gid: {
                    readonly type: "integer";
                    readonly description: "Group ID";
                };
                readonly group: {
                    readonly type: "string";
                    readonly description: "Group name";
                };
                readonly euid: {
                    readonly type: "integer";
                    readonly description: "Effective User ID";
                };
                readonly euser: {
                    readonly type: "string";
                    readonly description: "Effective User name";
                };
                readonly egid: {
                    readonly type: "integer";
                    readonly description: "Effective Group ID";
                };
                readonly egroup: {
                    readonly type: "string";
                    readonly description: "Effective Group name";
                };
                readonly fsuid: {
                    readonly type: "integer";
                    readonly description: "Filesystem User ID";
                };
                readonly fsuser: {
                    readonly type: "string";
                    readonly description: "Filesystem User name";
                };
                readonly fsgid: {
                    readonly type: "integer";
                    readonly description: "Filesystem Group ID";
                };
                readonly fsgroup: {
                    readonly type: "string";
                    readonly description: "Filesystem Group name";
                };
                readonly cap_effective: {
                    readonly items: {
                        readonly type: "string";
                    };
                    readonly type: "array";
                    readonly description: "Effective Capacity set";
                };
                readonly cap_permitted: {
                    readonly items: {
                        readonly type: "string";
                    };
                    readonly type: "array";
                    readonly description: "Permitted Capacity set";
                };
                readonly destination: {
                    readonly additionalProperties: true;
                    readonly description: "Credentials after the operation";
                };
            };
            readonly additionalProperties: false;
            readonly type: "object";
        };
        readonly SELinuxBoolChange: {
            readonly properties: {
                readonly name: {
                    readonly type: "string";
                    readonly description: "SELinux boolean name";
                };
                readonly state: {
                    readonly type: "string";
                    readonly description: "SELinux boolean state ('on' or 'off')";
                };
            };
            readonly additionalProperties: false;
            readonly type: "object";
        };
        readonly SELinuxBoolCommit: {
            readonly properties: {
                readonly state: {
                    readonly type: "boolean";
                    readonly description: "SELinux boolean commit operation";
                };
            };
            readonly additionalProperties: false;
            readonly type: "object";
        };
        readonly SELinuxEnforceStatus: {
            readonly properties: {
                readonly status: {
                    readonly type: "string";
                    readonly description: "SELinux enforcement status (one of 'enforcing', 'permissive' or 'disabled')";
                };
            };
            readonly additionalProperties: false;
            readonly type: "object";
        };
        readonly SELinuxEvent: {
            readonly properties: {
                readonly bool: {
                    readonly $schema: "http://json-schema.org/draft-04/schema#";
                    readonly $ref: "#/definitions/SELinuxBoolChange";
                    readonly description: "SELinux boolean operation";
                };
                readonly enforce: {
                    readonly $schema: "http://json-schema.org/draft-04/schema#";
                    readonly $ref: "#/definitions/SELinuxEnforceStatus";
                    readonly description: "SELinux enforcement change";
                };
                readonly bool_commit: {
                    readonly $schema: "http://json-schema.org/draft-04/schema#";
                    readonly $ref: "#/definitions/SELinuxBoolCommit";
                    readonly description: "SELinux boolean commit";
                };
            };
            readonly additionalProperties: false;
            readonly type: "object";
        };
        readonly UserContext: {
            readonly properties: {
                readonly id: {
                    readonly type: "string";
                    readonly description: "User name";
                };
                readonly group: {
                    readonly type: "string";
                    readonly description: "Group name";
                };
            };
            readonly additionalProperties: false;
            readonly type: "object";
        };
    };
};
