// Test helpers shared by every package (imported as @heka/core/testing).
export {};
