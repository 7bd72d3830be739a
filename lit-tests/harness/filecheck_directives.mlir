// Harness sample: FileCheck decides the RUN lines that end in `FileCheck` (no snapshot is kept).
// RUN: neuron-opt %s | FileCheck %s
// The next RUN line goes on over two lines, uses another directive prefix and forbids nn.sub:
// RUN: neuron-opt %s \
// RUN:   | FileCheck %s --check-prefix=ORDER --implicit-check-not=nn.sub

// CHECK-LABEL: func.func @pair
// CHECK-SAME: (%[[A:.*]]: tensor<2xf32>, %[[B:.*]]: tensor<2xf32>)
// CHECK-NEXT: %[[S:.*]] = nn.add %[[A]], %[[B]]
// CHECK-NEXT: %[[P:.*]] = nn.mul %[[S]], %[[A]]
// CHECK-NOT: nn.neg
// CHECK: return %[[P]] : tensor<2xf32>
func.func @pair(%arg0: tensor<2xf32>, %arg1: tensor<2xf32>) -> tensor<2xf32> {
  %0 = "nn.add"(%arg0, %arg1) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %1 = "nn.mul"(%0, %arg0) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %1 : tensor<2xf32>
}

// CHECK-LABEL: func.func @independent
// CHECK-DAG: nn.relu %{{.*}} : tensor<4xf32>
// CHECK-DAG: nn.neg %{{.*}} : tensor<4xf32>
// CHECK: return
func.func @independent(%arg0: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %0 = "nn.neg"(%arg0) : (tensor<4xf32>) -> tensor<4xf32>
  %1 = "nn.relu"(%arg0) : (tensor<4xf32>) -> tensor<4xf32>
  return %1, %0 : tensor<4xf32>, tensor<4xf32>
}

// ORDER: @pair
// ORDER: @independent
